using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>
/// A privileged account on a target, with its encrypted password, its check-out lease and its
/// rotation. Reminders check in an expired lease and retry a failed rotation.
/// Key: <c>{tenantId}/{accountId}</c>.
/// </summary>
[Alias("kagi.IPrivilegedAccountGrain")]
public interface IPrivilegedAccountGrain : ISealedSecrets
{
    /// <summary>Brings an existing account under management after proving its password logs in.</summary>
    [Alias("Register")]
    Task<AccountInfo> RegisterAsync(Caller caller, AccountRegistration registration);

    /// <summary>Registers a one-time account template (admin): check-outs under it create a fresh account on
    /// the target and the end of the lease removes it. No password is stored until a check-out.</summary>
    [Alias("RegisterOneTime")]
    Task<AccountInfo> RegisterOneTimeAsync(Caller caller, OneTimeTemplate oneTime);

    [Alias("Get")]
    Task<AccountInfo> GetAsync(Caller caller);

    /// <summary>Writes this account's inventory row again (Kagi only, for an inventory rebuild); false when it does not exist.</summary>
    [Alias("ReportToInventory")]
    Task<bool> ReportToInventoryAsync(Caller caller);

    /// <summary>Hands the password to the requester of an approved request, inside its window.</summary>
    [Alias("CheckOut")]
    Task<CheckoutGrant> CheckOutAsync(Caller caller, string requestId);

    /// <summary>Returns the account; the password is rotated right after.</summary>
    [Alias("CheckIn")]
    Task<CheckinResult> CheckInAsync(Caller caller);

    /// <summary>Rotates the password now (admin).</summary>
    [Alias("Rotate")]
    Task<RotationResult> RotateAsync(Caller caller);

    /// <summary>Takes the account out of management; its sealed passwords are erased and the target is not touched.
    /// Refused while checked out, while a rotation is in flight and while one-time accounts await removal. Returns
    /// what the target was left with, for the audit.</summary>
    [Alias("Remove")]
    Task<string> RemoveAsync(Caller caller);

    /// <summary>Replaces the account's switches and schedules (admin).</summary>
    [Alias("SetPolicy")]
    Task<AccountInfo> SetPolicyAsync(Caller caller, AccountPolicy policy);

    /// <summary>Recent rotation attempts and heartbeat findings, oldest first.</summary>
    [Alias("GetRotationHistory")]
    Task<ImmutableArray<RotationHistoryEntry>> GetRotationHistoryAsync(Caller caller);

    /// <summary>The request's access has ended (window end, revocation): its leases are checked in,
    /// then the account rotates per its settings. Kagi's own call; idempotent.</summary>
    [Alias("EndRequestAccess")]
    Task EndRequestAccessAsync(Caller caller, string requestId, string reason);

    /// <summary>The request's window has started: a one-time template creates the requester's account
    /// now (it is handed out at check-out); other accounts have nothing to prepare. Kagi's own call.</summary>
    [Alias("StartRequestAccess")]
    Task StartRequestAccessAsync(Caller caller, Kagi.Requests.AccessRequestInfo request);

    /// <summary>An approved extension moves the end of the leases held under the request.</summary>
    [Alias("ExtendRequestAccess")]
    Task ExtendRequestAccessAsync(Caller caller, string requestId, DateTimeOffset until);

    /// <summary>The latest state of a request that names this account (see <see cref="Kagi.Requests.AccessGrant"/>);
    /// a later one for the same request replaces the earlier. Kagi's own call; idempotent.</summary>
    [Alias("ReceiveGrant")]
    Task ReceiveGrantAsync(Caller caller, Kagi.Requests.AccessGrant grant);
}
