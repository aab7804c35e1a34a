using Azure;
using Azure.Data.Tables;
using Kagi.Domain.Audit;

namespace Kagi.Audit;

/// <summary>The table row of one signed checkpoint (row key as for records), or of the anchor (row key <c>anchor</c>).</summary>
public sealed class AuditCheckpointEntity : ITableEntity
{
    public const string AnchorRowKey = "anchor";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Sequence { get; set; }
    public string Hash { get; set; } = "";
    public DateTimeOffset Time { get; set; }
    public string Signature { get; set; } = "";

    public static AuditCheckpointEntity From(string tenantId, string rowKey, AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new AuditCheckpointEntity
        {
            PartitionKey = tenantId,
            RowKey = rowKey,
            Sequence = checkpoint.Sequence,
            Hash = checkpoint.Hash,
            Time = checkpoint.Time,
            Signature = checkpoint.Signature,
        };
    }

    public AuditCheckpoint ToCheckpoint() => new(Sequence, Hash, Time, Signature);
}
