using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>
/// The tenant's list of managed accounts and their rotation status, for listings such as
/// "every account out of sync". Key: the tenant id. Accounts report themselves here.
/// </summary>
[Alias("kagi.ITenantInventoryGrain")]
public interface ITenantInventoryGrain : IGrainWithStringKey
{
    [Alias("ReportAccount")]
    Task ReportAccountAsync(Caller caller, string accountId, string status, string targetId, string username);

    /// <summary>The managed accounts on one target: account id → username there.</summary>
    [Alias("ListOnTarget")]
    Task<ImmutableDictionary<string, string>> ListAccountsOnTargetAsync(Caller caller, string targetId);

    [Alias("RemoveAccount")]
    Task RemoveAccountAsync(Caller caller, string accountId);

    /// <summary>Records a user as others may see them (roles, email, locale, groups, disabled); replaces
    /// what an earlier entry said.</summary>
    [Alias("ReportDirectoryEntry")]
    Task ReportDirectoryEntryAsync(Caller caller, Kagi.Identity.DirectoryEntry entry);

    [Alias("ListUsersInRole")]
    Task<ImmutableArray<string>> ListUsersInRoleAsync(Caller caller, string role);

    /// <summary>Whether a user of that name exists in the tenant.</summary>
    [Alias("HasUser")]
    Task<bool> HasUserAsync(Caller caller, string username);

    /// <summary>Every user of the tenant as others may see them (approver sets, notification addresses).</summary>
    [Alias("GetDirectory")]
    Task<ImmutableArray<Kagi.Identity.DirectoryEntry>> GetDirectoryAsync(Caller caller);

    /// <summary>Sets (or with null, ends) whom <paramref name="username"/> lets approve in their name.</summary>
    [Alias("SetDelegation")]
    Task SetDelegationAsync(Caller caller, string username, Kagi.Requests.Delegation? delegation);

    [Alias("AddTarget")]
    Task AddTargetAsync(Caller caller, string targetId);

    /// <summary>Every target id, for work over all of them such as re-encryption.</summary>
    [Alias("ListTargets")]
    Task<ImmutableArray<string>> ListTargetsAsync(Caller caller);

    /// <summary>Accounts in id order, optionally only those with <paramref name="status"/>, after
    /// <paramref name="afterId"/>.</summary>
    [Alias("ListAccounts")]
    Task<AccountPage> ListAccountsAsync(Caller caller, string? status, string? afterId, int limit);
}
