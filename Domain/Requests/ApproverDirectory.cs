using System.Collections.Immutable;
using Kagi.Identity;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>Who belongs to an approver set, and who may act for whom, as of one moment. It reads the lookups of a
/// <see cref="TenantDirectory"/>, so what it answers costs the size of the answer, not of the tenant.</summary>
public sealed class ApproverDirectory
{
    private readonly TenantDirectory _directory;
    private readonly IReadOnlyDictionary<string, DirectoryEntry> _users;
    private readonly DateTimeOffset _now;

    /// <summary>Reads <paramref name="directory"/>'s own lookups: nothing is copied or rebuilt.</summary>
    public ApproverDirectory(TenantDirectory directory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _directory = directory;
        _users = directory.ByUsername;
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

        return Has(set.Users, username) || Shares(user.Roles, set.Roles) || Shares(user.Groups, set.Groups);
    }

    /// <summary>The enabled members of <paramref name="set"/>, in name order: the named users, and those holding one of
    /// its roles or in one of its groups.</summary>
    public ImmutableArray<string> Members(ApproverSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        candidates.UnionWith(set.Users.IsDefault ? [] : set.Users);
        foreach (var role in set.Roles.IsDefault ? [] : set.Roles)
        {
            candidates.UnionWith(_directory.InRole(role));
        }

        foreach (var group in set.Groups.IsDefault ? [] : set.Groups)
        {
            candidates.UnionWith(_directory.InGroup(group));
        }

        return [.. candidates.Where(Contains).Order(StringComparer.Ordinal)];
    }

    public bool InAnyGroup(string username, ImmutableArray<string> groups) =>
        _users.TryGetValue(username, out var user) && !user.Disabled && Shares(user.Groups, groups);

    /// <summary>The people who have delegated to <paramref name="delegate"/> right now.</summary>
    public ImmutableArray<string> DelegatorsOf(string @delegate) =>
        [.. _directory.DelegatingTo(@delegate)
            .Where(name => _users.TryGetValue(name, out var u) && !u.Disabled && u.Delegation is { } d && d.To == @delegate && d.ActiveAt(_now))];

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

        foreach (var delegator in DelegatorsOf(caller))
        {
            if (InSet(set, delegator))
            {
                principals.Add(delegator);
            }
        }

        return principals.ToImmutable();
    }

    private static bool Has(ImmutableArray<string> values, string value) => !values.IsDefault && values.Contains(value);

    /// <summary>Whether the two lists have a value in common (a loop: no delegate is made per user looked at).</summary>
    private static bool Shares(ImmutableArray<string> mine, ImmutableArray<string> wanted)
    {
        if (mine.IsDefault || wanted.IsDefault)
        {
            return false;
        }

        foreach (var value in mine)
        {
            if (wanted.Contains(value))
            {
                return true;
            }
        }

        return false;
    }
}
