using Kagi.Domain.Audit;

namespace Kagi.Audit;

/// <summary>Durable, insert-only storage of a tenant's audit records and signed checkpoints.</summary>
public interface IAuditStore
{
    Task<AuditRecord?> ReadLatestAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Stores consecutive records of one partition (<see cref="AuditPartitions"/>) atomically (all or none); throws
    /// <see cref="AuditSequenceTakenException"/> when one of their sequence numbers is already stored.</summary>
    Task AppendBatchAsync(string tenantId, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>Records newest first, strictly below <paramref name="beforeSequence"/> when given.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(string tenantId, long? beforeSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Records matching <paramref name="filter"/>, newest first, strictly below
    /// <paramref name="beforeSequence"/>; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(string tenantId, AuditFilter filter, long? beforeSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Every stored record newest first with its position (the sequence its row is stored
    /// under), streamed page by page.</summary>
    IAsyncEnumerable<(long Position, AuditRecord Record)> ScanAsync(string tenantId, CancellationToken cancellationToken);

    Task AddCheckpointAsync(string tenantId, AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditCheckpoint>> ReadCheckpointsAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>The checkpoint the retained log starts after, once older records were purged.</summary>
    Task<AuditCheckpoint?> ReadAnchorAsync(string tenantId, CancellationToken cancellationToken);

    Task SetAnchorAsync(string tenantId, AuditCheckpoint anchor, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="first"/>..<paramref name="last"/> that are stored, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadRangeAsync(string tenantId, long first, long last, CancellationToken cancellationToken);

    /// <summary>Deletes up to 100 records (atomically within each partition they fall in); ones already gone are fine.</summary>
    Task DeleteAsync(string tenantId, IReadOnlyList<long> sequences, CancellationToken cancellationToken);
}
