namespace Kagi.Vault;

/// <summary>
/// A system whose privileged accounts Kagi manages (a PostgreSQL server for now). Holds the
/// encrypted admin credential and performs every change on the target. Read-only calls (those of rotations and
/// heartbeats) interleave with each other; the target's own changes run one at a time.
/// Key: <c>{tenantId}/{targetId}</c>.
/// </summary>
[Alias("kagi.ITargetGrain")]
public interface ITargetGrain : ISealedSecrets
{
    /// <summary>Registers the target after proving that the admin credential logs in. An SSH target registered
    /// without a host key pins the key its server presented at that login (trust on first use).</summary>
    [Alias("Register")]
    Task<TargetInfo> RegisterAsync(Caller caller, TargetRegistration registration);

    /// <summary>The target, or null when it does not exist. Read-only: interleaves with the other read-only calls.</summary>
    [Alias("Get"), Orleans.Concurrency.ReadOnly]
    Task<TargetInfo?> GetAsync(Caller caller);

    /// <summary>Writes this target's inventory row again (Kagi only, for an inventory rebuild); false when it does not exist.</summary>
    [Alias("ReportToInventory")]
    Task<bool> ReportToInventoryAsync(Caller caller);

    /// <summary>Changes the admin credential, password rules, rate limit or SSH host key pin (admin). A new credential
    /// or pin is proved by logging in to the target with it first; on any refusal nothing changes.</summary>
    [Alias("Update")]
    Task<TargetInfo> UpdateAsync(Caller caller, TargetUpdate update);

    /// <summary>Takes the target out of Kagi (admin), erasing its sealed admin credential. Refused (invalid-state)
    /// while any managed account is on it.</summary>
    [Alias("Remove")]
    Task RemoveAsync(Caller caller);

    /// <summary>True when the target accepts this credential. Read-only: it never writes the target's state (a host key
    /// mismatch it meets is recorded by <see cref="RecordHostKeyMismatchAsync"/>), so it interleaves with the other read-only calls.</summary>
    [Alias("VerifyLogin"), Orleans.Concurrency.ReadOnly]
    Task<bool> VerifyLoginAsync(Caller caller, string username, string password);

    /// <summary>Every account the target holds (discovery), with the admin credential.</summary>
    [Alias("ListAccounts")]
    Task<System.Collections.Immutable.ImmutableArray<TargetAccount>> ListAccountsAsync(Caller caller);

    /// <summary>Sets a new password for <paramref name="username"/> with the admin credential. Read-only for the target
    /// grain (it changes an account on the server, not the target's state; a host key mismatch it meets is recorded by
    /// <see cref="RecordHostKeyMismatchAsync"/>), so it interleaves with the other read-only calls.</summary>
    [Alias("ChangePassword"), Orleans.Concurrency.ReadOnly]
    Task ChangePasswordAsync(Caller caller, string username, string newPassword);

    /// <summary>Reserves a turn for one rotation or heartbeat under the target's rate limit: the time it may
    /// start (now, or later when the target is busy). Interleaves, so a slow call on the target never holds it up.</summary>
    [Alias("Reserve"), Orleans.Concurrency.AlwaysInterleave]
    Task<DateTimeOffset> ReserveTurnAsync(Caller caller);

    /// <summary>Refuses (invalid) when this target cannot host one-time accounts with these grants.</summary>
    [Alias("EnsureOneTimeCapable")]
    Task EnsureOneTimeCapableAsync(Caller caller, System.Collections.Immutable.ImmutableArray<string> grants);

    /// <summary>Creates a one-time account with the admin credential and grants it <paramref name="grants"/>.
    /// A name already taken is refused with <c>already-exists</c> and left untouched.</summary>
    [Alias("CreateAccount")]
    Task CreateAccountAsync(Caller caller, string username, string password, System.Collections.Immutable.ImmutableArray<string> grants);

    /// <summary>Removes a one-time account (idempotent); returns <c>removed</c>, <c>already-absent</c> or
    /// <c>disabled</c> (it could not be removed, so it can no longer log in).</summary>
    [Alias("RemoveAccount")]
    Task<string> RemoveAccountAsync(Caller caller, string username);

    /// <summary>Logins the target itself logged in [since, until), read with the admin credential;
    /// null when Kagi has no login source for this kind of target yet.</summary>
    [Alias("ReadLogins")]
    Task<System.Collections.Immutable.ImmutableArray<Kagi.Reports.ObservedLogin>?> ReadLoginsAsync(Caller caller, DateTimeOffset since, DateTimeOffset until);

    /// <summary>SSH: pins <paramref name="hostKeySha256"/> after checking, with the admin credential, that the server
    /// presents exactly that key; clears a host key mismatch. Another key is refused with <c>host-key-mismatch</c>
    /// and changes nothing.</summary>
    [Alias("PinHostKey")]
    Task<TargetInfo> PinHostKeyAsync(Caller caller, string hostKeySha256);

    /// <summary>SSH, Kagi only: records that the server presented <paramref name="presented"/> while
    /// <paramref name="pinned"/> was the pin (audit, stop the target, tell its admins), unless the pin has changed
    /// since. Sent by the target to itself from a read-only call, which must neither write the target's state nor
    /// wait for a call that cannot interleave with it; one-way, so the sender never waits for it.</summary>
    [Alias("RecordHostKeyMismatch"), Orleans.Concurrency.OneWay]
    Task RecordHostKeyMismatchAsync(Caller caller, string pinned, string presented);
}
