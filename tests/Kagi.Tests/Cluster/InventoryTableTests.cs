using System.Collections.Immutable;
using Kagi.Identity;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// The inventory as table rows: listings page over far more entries than one page (a page of 7 stands
/// in for the size no grain state could hold), each filter returns exactly what it should, once.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class InventoryTableTests(KagiClusterFixture fixture)
{
    private const int Page = 7;
    private static readonly string[] Statuses = ["idle", "pending", "out-of-sync"];

    [Fact]
    public async Task Accounts_are_listed_in_pages_with_every_filter_none_missing_none_twice()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var kagi = Caller.System(tenant);
        var inventory = fixture.Grains.GetGrain<ITenantInventoryGrain>(tenant);
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var accounts = Enumerable.Range(0, 60).Select(i => new AccountSummary($"acc-{i:D3}", Statuses[i % 3])
        {
            TargetId = i % 2 == 0 ? "pg-a" : "pg-b",
            Username = $"role{i}",
            CheckedOutUntil = i % 5 == 0 ? now.AddHours(1) : i % 7 == 0 ? now.AddHours(-1) : null,
        }).ToList();
        foreach (var account in accounts)
        {
            await inventory.ReportAccountAsync(kagi, account);
        }

        // A report replaces the row and its copy under the target.
        accounts[3] = accounts[3] with { Status = "out-of-sync" };
        await inventory.ReportAccountAsync(kagi, accounts[3]);
        await inventory.RemoveAccountAsync(kagi, "acc-004");
        accounts.RemoveAt(4);

        var cases = new (AccountQuery Query, Func<AccountSummary, bool> Expected)[]
        {
            (AccountQuery.All, _ => true),
            (new AccountQuery { Status = "out-of-sync" }, a => a.Status == "out-of-sync"),
            (new AccountQuery { TargetId = "pg-b" }, a => a.TargetId == "pg-b"),
            (new AccountQuery { NamePrefix = "acc-01" }, a => a.Id.StartsWith("acc-01", StringComparison.Ordinal)),
            (new AccountQuery { CheckedOut = true }, a => a.CheckedOutUntil > now),
            (new AccountQuery { CheckedOut = false }, a => !(a.CheckedOutUntil > now)),
            (new AccountQuery { TargetId = "pg-a", Status = "idle", CheckedOut = false }, a => a.TargetId == "pg-a" && a.Status == "idle" && !(a.CheckedOutUntil > now)),
            (new AccountQuery { TargetId = "pg-a", NamePrefix = "acc-02" }, a => a.TargetId == "pg-a" && a.Id.StartsWith("acc-02", StringComparison.Ordinal)),
            (new AccountQuery { TargetId = "nowhere" }, _ => false),
        };
        foreach (var (query, expected) in cases)
        {
            var listed = await AllAccountsAsync(inventory, kagi, query);
            Assert.Equal(accounts.Where(expected), listed);
        }

        Assert.Equal(accounts.Where(a => a.TargetId == "pg-b").ToDictionary(a => a.Id, a => a.Username ?? ""),
            await inventory.ListAccountsOnTargetAsync(kagi, "pg-b"));
    }

    [Fact]
    public async Task Users_are_listed_in_pages_by_role_group_status_and_prefix_and_leave_the_groups_they_left()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var kagi = Caller.System(tenant);
        var inventory = fixture.Grains.GetGrain<ITenantInventoryGrain>(tenant);
        var users = Enumerable.Range(0, 25).Select(i => new DirectoryEntry($"user-{i:D2}", [KagiRoles.All[i % 4]], $"u{i}@example.com",
            i % 2 == 0 ? "en" : "ja", i % 3 == 0 ? ["ops"] : i % 3 == 1 ? ["dba", "ops"] : [], Disabled: i % 5 == 0)).ToList();
        foreach (var user in users)
        {
            await inventory.ReportDirectoryEntryAsync(kagi, user);
        }

        users[1] = users[1] with { Groups = ["dba"] };
        await inventory.ReportDirectoryEntryAsync(kagi, users[1]);

        var cases = new (UserQuery Query, Func<DirectoryEntry, bool> Expected)[]
        {
            (new UserQuery(), _ => true),
            (new UserQuery { Role = KagiRoles.Approver }, u => u.Roles.Contains(KagiRoles.Approver)),
            (new UserQuery { Group = "ops" }, u => u.Groups.Contains("ops")),
            (new UserQuery { Group = "dba", Status = UserQuery.Active }, u => u.Groups.Contains("dba") && !u.Disabled),
            (new UserQuery { Status = UserQuery.Disabled }, u => u.Disabled),
            (new UserQuery { NamePrefix = "user-1" }, u => u.Username.StartsWith("user-1", StringComparison.Ordinal)),
            (new UserQuery { Role = KagiRoles.Admin, Group = "ops", NamePrefix = "user-0" }, u => u.Roles.Contains(KagiRoles.Admin) && u.Groups.Contains("ops") && u.Username.StartsWith("user-0", StringComparison.Ordinal)),
        };
        foreach (var (query, expected) in cases)
        {
            var listed = await AllUsersAsync(inventory, kagi, query);
            Assert.Equal(users.Where(expected).Select(Describe), listed.Select(Describe));
        }

        Assert.Equal(users.Select(Describe), (await inventory.GetDirectoryAsync(kagi)).Select(Describe));
    }

    [Fact]
    public async Task The_directory_snapshot_follows_every_change_of_the_users_and_their_delegations()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var kagi = Caller.System(tenant);
        var inventory = fixture.Grains.GetGrain<ITenantInventoryGrain>(tenant);
        async Task SameAsDirectoryAsync()
        {
            var snapshot = await inventory.GetDirectorySnapshotAsync(kagi);
            var directory = await inventory.GetDirectoryAsync(kagi);
            Assert.Equal(directory.Select(Describe), snapshot.Entries.Select(Describe));
            Assert.Equal(directory.Select(u => u.Username).Order(StringComparer.Ordinal), snapshot.ByUsername.Keys.Order(StringComparer.Ordinal));
        }

        Assert.Empty((await inventory.GetDirectorySnapshotAsync(kagi)).Entries);
        foreach (var name in new[] { "ann", "bob", "cat" })
        {
            await inventory.ReportDirectoryEntryAsync(kagi, new DirectoryEntry(name, [KagiRoles.Approver], $"{name}@example.com", "en", [], Disabled: false));
            await SameAsDirectoryAsync();
        }

        Assert.Equal(3, (await inventory.GetDirectorySnapshotAsync(kagi)).Entries.Length);
        await inventory.ChangeUserAsync(kagi, "bob", new DirectoryEntry("bob", [KagiRoles.User], "bob@example.org", "ja", ["ops"], Disabled: true));
        await SameAsDirectoryAsync();
        Assert.Equal("bob@example.org", (await inventory.GetDirectorySnapshotAsync(kagi)).ByUsername["bob"].Email);

        var now = DateTimeOffset.UtcNow;
        await inventory.SetDelegationAsync(new Caller(tenant, "ann", [KagiRoles.Approver], "10.0.0.1"), "ann", new Kagi.Requests.Delegation("cat", now.AddMinutes(-1), now.AddHours(1)));
        Assert.Equal("cat", (await inventory.GetDirectorySnapshotAsync(kagi)).ByUsername["ann"].Delegation?.To);

        // Offboarding cat removes her and the delegation to her.
        await inventory.ChangeUserAsync(kagi, "cat", null);
        await SameAsDirectoryAsync();
        var after = await inventory.GetDirectorySnapshotAsync(kagi);
        Assert.False(after.ByUsername.ContainsKey("cat"));
        Assert.Null(after.ByUsername["ann"].Delegation);
    }

    internal static async Task<List<AccountSummary>> AllAccountsAsync(ITenantInventoryGrain inventory, Caller caller, AccountQuery query)
    {
        var listed = new List<AccountSummary>();
        string? continuation = null;
        do
        {
            var page = await inventory.ListAccountsAsync(caller, query, continuation, Page);
            Assert.InRange(page.Accounts.Length, page.Continuation is null ? 0 : Page, Page);
            listed.AddRange(page.Accounts);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(listed.Count, listed.Select(a => a.Id).Distinct().Count());
        return listed;
    }

    internal static async Task<List<DirectoryEntry>> AllUsersAsync(ITenantInventoryGrain inventory, Caller caller, UserQuery query)
    {
        var listed = new List<DirectoryEntry>();
        string? continuation = null;
        do
        {
            var page = await inventory.ListUsersAsync(caller, query, continuation, Page);
            Assert.InRange(page.Users.Length, page.Continuation is null ? 0 : Page, Page);
            listed.AddRange(page.Users);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(listed.Count, listed.Select(u => u.Username).Distinct().Count());
        return listed;
    }

    internal static string Describe(DirectoryEntry user) =>
        $"{user.Username} [{string.Join(',', user.Roles)}] [{string.Join(',', user.Groups)}] {user.Email} {user.Locale} {user.Disabled} {user.Delegation}";
}
