using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kagi.Hosting;

namespace Kagi.Audit;

/// <summary>
/// Audit records in Azure Table storage: one partition per tenant, row keys counting down so the
/// newest record comes first in a partition scan. Inserts only; nothing is ever updated.
/// </summary>
public sealed class TableAuditStore(TableServiceClient tables) : IAuditStore
{
    private readonly TableClient _table = tables.GetTableClient(KagiStorage.AuditTable);
    private readonly Lazy<Task> _created = new(() => tables.GetTableClient(KagiStorage.AuditTable).CreateIfNotExistsAsync());

    public async Task<AuditRecord?> ReadLatestAsync(string tenantId, CancellationToken cancellationToken)
    {
        var page = await ReadAsync(tenantId, null, 1, cancellationToken);
        return page.Count == 0 ? null : page[0];
    }

    public async Task AppendAsync(string tenantId, AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _created.Value;
        try
        {
            await _table.AddEntityAsync(AuditRecordEntity.From(tenantId, RowKeyOf(record.Sequence), record), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new AuditSequenceTakenException($"Audit sequence {record.Sequence} of tenant {tenantId} is already stored.", e);
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(string tenantId, long? beforeSequence, int limit, CancellationToken cancellationToken)
    {
        await _created.Value;
        var filter = beforeSequence is { } before
            ? TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {RowKeyOf(before)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        var records = new List<AuditRecord>(limit);
        await foreach (var entity in _table.QueryAsync<AuditRecordEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken))
        {
            records.Add(entity.ToRecord());
            if (records.Count == limit)
            {
                break;
            }
        }

        return records;
    }

    // long.MaxValue - sequence, fixed width: lexical order is newest first.
    private static string RowKeyOf(long sequence) => (long.MaxValue - sequence).ToString("D19", CultureInfo.InvariantCulture);
}
