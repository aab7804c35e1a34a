using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Kagi.Audit;

/// <summary>The table row of one audit record, in its tenant's partition for its sequence (<see cref="AuditPartitions"/>).</summary>
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
    public string? AccountId { get; set; }
    public string? RequestId { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    /// <summary>The position the row is stored at: the sequence number its row key encodes.</summary>
    public long Position => long.MaxValue - long.Parse(RowKey, NumberStyles.None, CultureInfo.InvariantCulture);

    // long.MaxValue - sequence, fixed width: lexical order is newest first.
    public static string RowKeyOf(long sequence) => (long.MaxValue - sequence).ToString("D19", CultureInfo.InvariantCulture);

    public static AuditRecordEntity From(string tenantId, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AuditRecordEntity
        {
            PartitionKey = AuditPartitions.Of(tenantId, record.Sequence),
            RowKey = RowKeyOf(record.Sequence),
            Sequence = record.Sequence,
            Time = record.Event.Time,
            Actor = record.Event.Actor,
            Action = record.Event.Action,
            Subject = record.Event.Subject,
            Result = record.Event.Result,
            IpAddress = record.Event.IpAddress,
            Detail = record.Event.Detail,
            AccountId = record.Event.AccountId,
            RequestId = record.Event.RequestId,
            PreviousHash = record.PreviousHash,
            Hash = record.Hash,
        };
    }

    public AuditRecord ToRecord() =>
        new(Sequence, new AuditEvent(Time, Actor, Action, Subject, Result, IpAddress, Detail) { AccountId = AccountId, RequestId = RequestId }, PreviousHash, Hash);
}
