using Kagi.Audit;

namespace Kagi.Audit;

/// <summary>Durable, insert-only storage of a tenant's audit records.</summary>
public interface IAuditStore
{
    Task<AuditRecord?> ReadLatestAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Stores the record; throws <see cref="AuditSequenceTakenException"/> when its
    /// sequence number is already stored.</summary>
    Task AppendAsync(string tenantId, AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Records newest first, strictly below <paramref name="beforeSequence"/> when given.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(string tenantId, long? beforeSequence, int limit, CancellationToken cancellationToken);
}
