using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>
/// The approver directory answers from the tenant directory's lookups (by role, group and delegate) instead of reading
/// every user: for seeded random tenants and approver sets it must give exactly what reading every user gives.
/// </summary>
public sealed class ApproverDirectoryLookupTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Roles = [KagiRoles.Admin, KagiRoles.Approver, KagiRoles.User, KagiRoles.Auditor];
    private static readonly string[] Groups = ["dba", "ops", "security", "net"];

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(2030)]
    public void Members_delegators_and_principals_match_a_reading_of_every_user(int seed)
    {
#pragma warning disable CA5394 // Deterministic test data, not security.
        var random = new Random(seed);
        var names = Enumerable.Range(0, 60).Select(i => $"u{i:D2}").ToArray();
        var users = names.Select(name => new DirectoryEntry(
            name,
            [.. Roles.Where(_ => random.Next(3) == 0)],
            null,
            DirectoryEntry.DefaultLocale,
            [.. Groups.Where(_ => random.Next(3) == 0)],
            Disabled: random.Next(6) == 0)
        {
            Delegation = random.Next(4) == 0
                ? new Delegation(names[random.Next(names.Length)], Now.AddHours(random.Next(-3, 2)), Now.AddHours(random.Next(-1, 4)))
                : null,
        }).ToList();
        var directory = new ApproverDirectory(TenantDirectory.Of(users), Now);

        for (var i = 0; i < 40; i++)
        {
            var set = new ApproverSet(
                [.. names.Where(_ => random.Next(20) == 0).Append("nobody")],
                [.. Roles.Where(_ => random.Next(3) == 0)],
                [.. Groups.Where(_ => random.Next(3) == 0)]);
            Assert.Equal(users.Where(u => InSetByReading(set, u)).Select(u => u.Username).Order(StringComparer.Ordinal), directory.Members(set));
            foreach (var name in names)
            {
                var delegators = users.Where(u => !u.Disabled && u.Delegation is { } d && d.To == name && d.ActiveAt(Now)).Select(u => u.Username).Order(StringComparer.Ordinal).ToList();
                Assert.Equal(delegators, directory.DelegatorsOf(name));
                var principals = users.Where(u => u.Username == name && InSetByReading(set, u)).Select(u => u.Username)
                    .Concat(delegators.Where(d => InSetByReading(set, users.Single(u => u.Username == d))));
                Assert.Equal(principals, directory.PrincipalsFor(set, name));
            }
        }
#pragma warning restore CA5394
    }

    [Fact]
    public void A_directory_with_no_users_has_no_members_and_no_delegators()
    {
        var directory = new ApproverDirectory(TenantDirectory.Empty, Now);

        Assert.Empty(directory.Members(new ApproverSet(["bob"], [KagiRoles.Approver], ["dba"])));
        Assert.Empty(directory.DelegatorsOf("bob"));
        Assert.False(directory.Contains("bob"));
    }

    private static bool InSetByReading(ApproverSet set, DirectoryEntry user) =>
        !user.Disabled && (set.Users.Contains(user.Username) || user.Roles.Any(set.Roles.Contains) || user.Groups.Any(set.Groups.Contains));
}
