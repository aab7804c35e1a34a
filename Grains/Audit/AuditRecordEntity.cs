using Azure;
using Azure.Data.Tables;

namespace Kagi.Audit;

/// <summary>The table row of one audit record.</summary>
public sealed class AuditRecordEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Sequence { get; set; }
    public DateTimeOffset Time { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Subject { get; set; }
    public string Result { get; set; } = "";
    public string? IpAddress { get; set; }
    public string? Detail { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    public static AuditRecordEntity From(string tenantId, string rowKey, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AuditRecordEntity
        {
            PartitionKey = tenantId,
            RowKey = rowKey,
            Sequence = record.Sequence,
            Time = record.Event.Time,
            Actor = record.Event.Actor,
            Action = record.Event.Action,
            Subject = record.Event.Subject,
            Result = record.Event.Result,
            IpAddress = record.Event.IpAddress,
            Detail = record.Event.Detail,
            PreviousHash = record.PreviousHash,
            Hash = record.Hash,
        };
    }

    public AuditRecord ToRecord() =>
        new(Sequence, new AuditEvent(Time, Actor, Action, Subject, Result, IpAddress, Detail), PreviousHash, Hash);
}
