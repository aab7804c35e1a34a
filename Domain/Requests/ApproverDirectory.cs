using System.Collections.Immutable;
using Kagi.Identity;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>Who belongs to an approver set, and who may act for whom, as of one moment.</summary>
public sealed class ApproverDirectory
{
    private readonly ImmutableDictionary<string, DirectoryEntry> _users;
    private readonly DateTimeOffset _now;

    public ApproverDirectory(IEnumerable<DirectoryEntry> entries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _users = entries.ToImmutableDictionary(e => e.Username, StringComparer.Ordinal);
        _now = now;
    }

    public bool Contains(string username) => _users.TryGetValue(username, out var entry) && !entry.Disabled;

    public bool InSet(ApproverSet set, string username)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!_users.TryGetValue(username, out var user) || user.Disabled)
        {
            return false;
        }

        return Has(set.Users, username)
            || (!user.Roles.IsDefault && user.Roles.Any(role => Has(set.Roles, role)))
            || (!user.Groups.IsDefault && user.Groups.Any(group => Has(set.Groups, group)));
    }

    public ImmutableArray<string> Members(ApproverSet set) => [.. _users.Keys.Where(u => InSet(set, u)).Order(StringComparer.Ordinal)];

    public bool InAnyGroup(string username, ImmutableArray<string> groups) =>
        _users.TryGetValue(username, out var user) && !user.Disabled && !user.Groups.IsDefault && user.Groups.Any(g => Has(groups, g));

    /// <summary>The people who have delegated to <paramref name="delegate"/> right now.</summary>
    public ImmutableArray<string> DelegatorsOf(string @delegate) =>
        [.. _users.Values
            .Where(u => !u.Disabled && u.Delegation is { } d && d.To == @delegate && d.ActiveAt(_now))
            .Select(u => u.Username)
            .Order(StringComparer.Ordinal)];

    /// <summary>Whom <paramref name="username"/> has delegated to right now, if anyone.</summary>
    public string? DelegateOf(string username) =>
        _users.TryGetValue(username, out var user) && user.Delegation is { } d && d.ActiveAt(_now) ? d.To : null;

    /// <summary>The principals <paramref name="caller"/> may approve for in <paramref name="set"/>: themself first, then their delegators.</summary>
    public ImmutableArray<string> PrincipalsFor(ApproverSet set, string caller)
    {
        var principals = ImmutableArray.CreateBuilder<string>();
        if (InSet(set, caller))
        {
            principals.Add(caller);
        }

        principals.AddRange(DelegatorsOf(caller).Where(d => InSet(set, d)));
        return principals.ToImmutable();
    }

    private static bool Has(ImmutableArray<string> values, string value) => !values.IsDefault && values.Contains(value);
}
