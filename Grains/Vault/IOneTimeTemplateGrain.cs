using Kagi.Domain.Vault;

namespace Kagi.Vault;

/// <summary>
/// A one-time (just-in-time) account template: each check-out under an approved request creates a fresh account
/// on the target, and the end of its lease removes (or disables) it. It has no standing password, so it never
/// rotates. Reached through <see cref="IPrivilegedAccountGrain"/> under the same key, which answers for the
/// account id and hands template calls on; nothing else calls it. Key: <c>{tenantId}/{accountId}</c>.
/// </summary>
[Alias("kagi.IOneTimeTemplateGrain")]
public interface IOneTimeTemplateGrain : ISealedSecrets
{
    /// <summary>Registers the template after checking the target can host accounts with its grants.</summary>
    [Alias("Register")]
    Task<AccountInfo> RegisterAsync(Caller caller, OneTimeTemplate oneTime);

    /// <summary>Takes over a template an earlier version kept in the account's own state, as it was
    /// (leases, grants, one-time accounts), and aims its reminder. Kagi's own call; idempotent.</summary>
    [Alias("Adopt")]
    Task AdoptAsync(Caller caller, OneTimeTemplateState stored);

    [Alias("Get")]
    Task<AccountInfo> GetAsync(Caller caller);

    /// <summary>Creates (or hands out again) the requester's one-time account, inside the request's window.</summary>
    [Alias("CheckOut")]
    Task<CheckoutGrant> CheckOutAsync(Caller caller, string requestId);

    /// <summary>Ends the caller's lease; its one-time account is removed at once if the target lets us.</summary>
    [Alias("CheckIn")]
    Task<CheckinResult> CheckInAsync(Caller caller);

    /// <summary>Refused: a template has no standing password (still answers "checked out" while a lease runs).</summary>
    [Alias("Rotate")]
    Task<RotationResult> RotateAsync(Caller caller);

    /// <summary>Removes the template; not while a lease runs or a one-time account awaits removal.</summary>
    [Alias("Remove")]
    Task RemoveAsync(Caller caller);

    [Alias("SetPolicy")]
    Task<AccountInfo> SetPolicyAsync(Caller caller, AccountPolicy policy);

    /// <summary>As <see cref="IPrivilegedAccountGrain.EndRequestAccessAsync"/>. Kagi's own call; idempotent.</summary>
    [Alias("EndRequestAccess")]
    Task EndRequestAccessAsync(Caller caller, string requestId, string reason);

    /// <summary>The window has started: the requester's account is created now. Kagi's own call.</summary>
    [Alias("StartRequestAccess")]
    Task StartRequestAccessAsync(Caller caller, Kagi.Requests.AccessRequestInfo request);

    [Alias("ExtendRequestAccess")]
    Task ExtendRequestAccessAsync(Caller caller, string requestId, DateTimeOffset until);

    /// <summary>As <see cref="IPrivilegedAccountGrain.ReceiveGrantAsync"/>. Kagi's own call; idempotent.</summary>
    [Alias("ReceiveGrant")]
    Task ReceiveGrantAsync(Caller caller, Kagi.Requests.AccessGrant grant);

    /// <summary>Writes this template's inventory row again (Kagi only, for an inventory rebuild); false when it does not exist.</summary>
    [Alias("ReportToInventory")]
    Task<bool> ReportToInventoryAsync(Caller caller);
}
