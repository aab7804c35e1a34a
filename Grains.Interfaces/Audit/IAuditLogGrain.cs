namespace Kagi.Audit;

/// <summary>
/// A tenant's append-only, hash-chained audit log. Key: the tenant id.
/// An append returns only after the record is durably stored.
/// </summary>
[Alias("kagi.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Stores the event and returns its sequence number. Events for a tenant that does
    /// not exist are not stored and return null.</summary>
    [Alias("Append")]
    Task<long?> AppendAsync(AuditEvent auditEvent);

    /// <summary>Events newest first, <paramref name="limit"/> at a time, continuing below
    /// <paramref name="beforeSequence"/> when given.</summary>
    [Alias("Read")]
    Task<AuditPage> ReadAsync(Caller caller, long? beforeSequence, int limit);
}
