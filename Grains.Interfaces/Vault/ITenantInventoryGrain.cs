using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>
/// The tenant's index of accounts, users (as others may see them, with delegations) and targets, kept
/// as rows of a table keyed for its listings, so its cost does not grow with the tenant. Key: the
/// tenant id. Accounts, users and targets report themselves here; a report that cannot be stored
/// fails the caller's call.
/// </summary>
[Alias("kagi.ITenantInventoryGrain")]
public interface ITenantInventoryGrain : IGrainWithStringKey
{
    /// <summary>Records (or replaces) an account's row: status, target, username and lease end.</summary>
    [Alias("ReportAccountSummary")]
    Task ReportAccountAsync(Caller caller, AccountSummary account);

    /// <summary>The managed accounts on one target: account id → username there.</summary>
    [Alias("ListOnTarget")]
    Task<ImmutableDictionary<string, string>> ListAccountsOnTargetAsync(Caller caller, string targetId);

    [Alias("RemoveAccount")]
    Task RemoveAccountAsync(Caller caller, string accountId);

    /// <summary>Records a user as others may see them (roles, email, locale, groups, disabled); replaces
    /// what an earlier entry said.</summary>
    [Alias("ReportDirectoryEntry")]
    Task ReportDirectoryEntryAsync(Caller caller, Kagi.Identity.DirectoryEntry entry);

    /// <summary>Records a change to a user that may take away an enabled admin (roles, disable) or, with a null
    /// <paramref name="entry"/>, removes the user with the delegations by and to them. Refused (last-admin) when the
    /// tenant would be left without an enabled admin; changes are decided here one at a time, so two at once cannot
    /// both take the last two admins away. The user's grain asks before it changes itself.</summary>
    [Alias("ChangeUser")]
    Task ChangeUserAsync(Caller caller, string username, Kagi.Identity.DirectoryEntry? entry);

    [Alias("ListUsersInRole")]
    Task<ImmutableArray<string>> ListUsersInRoleAsync(Caller caller, string role);

    /// <summary>Whether a user of that name exists in the tenant.</summary>
    [Alias("HasUser")]
    Task<bool> HasUserAsync(Caller caller, string username);

    /// <summary>Every user of the tenant as others may see them: the entries of <see cref="GetDirectorySnapshotAsync"/>, kept
    /// for callers that only go through them once, and for silos of the previous version during a rolling upgrade.</summary>
    [Alias("GetDirectory")]
    Task<ImmutableArray<Kagi.Identity.DirectoryEntry>> GetDirectoryAsync(Caller caller);

    /// <summary>The same users as <see cref="GetDirectoryAsync"/>, as one immutable snapshot that is handed over, not
    /// copied, within a silo, with its lookup by name built once. What approvals and notifications read on every call.</summary>
    [Alias("GetDirectorySnapshot")]
    Task<Kagi.Identity.TenantDirectory> GetDirectorySnapshotAsync(Caller caller);

    /// <summary>Users in name order after <paramref name="afterUsername"/>, filtered by <paramref name="query"/>.</summary>
    [Alias("ListUsers")]
    Task<Kagi.Identity.UserPage> ListUsersAsync(Caller caller, Kagi.Identity.UserQuery query, string? afterUsername, int limit);

    /// <summary>Sets (or with null, ends) whom <paramref name="username"/> lets approve in their name.</summary>
    [Alias("SetDelegation")]
    Task SetDelegationAsync(Caller caller, string username, Kagi.Requests.Delegation? delegation);

    [Alias("AddTarget")]
    Task AddTargetAsync(Caller caller, string targetId);

    [Alias("RemoveTarget")]
    Task RemoveTargetAsync(Caller caller, string targetId);

    /// <summary>Every target id, for work over all of them such as re-encryption.</summary>
    [Alias("ListTargets")]
    Task<ImmutableArray<string>> ListTargetsAsync(Caller caller);

    /// <summary>Targets in id order after <paramref name="afterId"/>.</summary>
    [Alias("ListTargetPage")]
    Task<TargetPage> ListTargetPageAsync(Caller caller, string? afterId, int limit);

    /// <summary>Accounts in id order after <paramref name="afterId"/>, filtered by <paramref name="query"/>.</summary>
    [Alias("ListAccountPage")]
    Task<AccountPage> ListAccountsAsync(Caller caller, AccountQuery query, string? afterId, int limit);

    /// <summary>Deletes the tenant's account, user and target rows, so a rebuild starts from nothing (Kagi only).
    /// Delegations are kept: they live only here and no grain could report them again.</summary>
    [Alias("Clear")]
    Task ClearAsync(Caller caller);
}
