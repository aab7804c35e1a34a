using Orleans.Concurrency;

namespace Kagi.Audit;

/// <summary>
/// A tenant's append-only, hash-chained audit log. Key: the tenant id.
/// An append returns only after the record is durably stored; concurrent appends are committed
/// together in one batch (group commit). SIEM URLs with credentials are sealed with the tenant's data
/// key and re-sealed when it rotates (<see cref="Kagi.Vault.ISealedSecrets"/>).
/// </summary>
[Alias("kagi.IAuditLogGrain")]
public interface IAuditLogGrain : Kagi.Vault.ISealedSecrets
{
    /// <summary>Stores the event and returns its sequence number. Events for a tenant that does
    /// not exist are not stored and return null. Throws <c>AuditUnavailable</c> when the store
    /// cannot take it.</summary>
    [Alias("Append"), AlwaysInterleave]
    Task<long?> AppendAsync(AuditEvent auditEvent);

    /// <summary>Events newest first, <paramref name="limit"/> at a time, continuing below
    /// <paramref name="beforeSequence"/> when given.</summary>
    [Alias("Read"), AlwaysInterleave]
    Task<AuditPage> ReadAsync(Caller caller, long? beforeSequence, int limit);

    /// <summary>Events matching <paramref name="filter"/>, newest first, continuing below
    /// <paramref name="beforeSequence"/> when given. A page may hold fewer than
    /// <paramref name="limit"/> events and still have a next one.</summary>
    [Alias("Query"), AlwaysInterleave]
    Task<AuditPage> QueryAsync(Caller caller, AuditFilter filter, long? beforeSequence, int limit);

    /// <summary>Checks every stored record against its hash, its neighbours and the signed
    /// checkpoints, and names the oldest broken one.</summary>
    [Alias("Verify")]
    Task<AuditVerification> VerifyAsync(Caller caller);

    /// <summary>The daily check: verifies the chain as <see cref="VerifyAsync"/> does and, when it is broken,
    /// tells the tenant's admins (mail, webhook, in-app notice). Run by the log's daily reminder before
    /// its purge; Kagi's own call.</summary>
    [Alias("CheckChain")]
    Task<AuditVerification> CheckChainAsync(Caller caller);

    /// <summary>The settings as they may be shown: SIEM URLs without their user info and query.</summary>
    [Alias("GetSettings"), AlwaysInterleave]
    Task<AuditSettings> GetSettingsAsync(Caller caller);

    /// <summary>Changes how long records are kept, where they stream and which reports are mailed (an
    /// admin's policy change). An HTTP SIEM URL with user info or a query is sealed; the redacted form
    /// answered before, sent back unchanged, keeps the sealed URL. A shorter retention or a destination
    /// removed or pointed elsewhere waits 7 days (<see cref="AuditSettings.Pending"/>) unless the operator
    /// approves it; the rest applies at once. Answers as <see cref="GetSettingsAsync"/>.</summary>
    [Alias("SetSettings")]
    Task<AuditSettings> SetSettingsAsync(Caller caller, AuditSettings settings);

    /// <summary>The operator (<see cref="Caller.Operator"/>) lets the pending change take effect now.
    /// Not found when nothing is pending; forbidden to anyone else.</summary>
    [Alias("ApprovePendingSettings")]
    Task<AuditSettings> ApprovePendingSettingsAsync(Caller caller);

    /// <summary>Removes the records older than the retention period, oldest first, after anchoring
    /// the chain at a signed checkpoint of the last one removed; records the purge in the log.
    /// Run by the log's daily reminder.</summary>
    [Alias("PurgeExpired")]
    Task<AuditPurgeResult> PurgeExpiredAsync();
}
