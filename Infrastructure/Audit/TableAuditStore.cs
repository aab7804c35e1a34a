using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Kagi.Domain.Audit;
using Kagi.Hosting;

namespace Kagi.Audit;

/// <summary>
/// Audit records in Azure Table storage: one partition per tenant, row keys counting down so the
/// newest record comes first in a partition scan. Inserts only, in transactional batches of up to
/// 100 rows (one partition each). Checkpoints live in their own table, keyed the same way.
/// </summary>
public sealed class TableAuditStore(TableServiceClient tables) : IAuditStore
{
    /// <summary>Azure Table storage's limit of actions in one transaction.</summary>
    public const int MaximumBatch = 100;

    private const int ScanPage = 1000;

    private readonly TableClient _table = tables.GetTableClient(KagiStorage.AuditTable);
    private readonly TableClient _checkpoints = tables.GetTableClient(KagiStorage.AuditCheckpointTable);
    private readonly Lazy<Task> _created = new(() => Task.WhenAll(
        tables.GetTableClient(KagiStorage.AuditTable).CreateIfNotExistsAsync(),
        tables.GetTableClient(KagiStorage.AuditCheckpointTable).CreateIfNotExistsAsync()));

    public async Task<AuditRecord?> ReadLatestAsync(string tenantId, CancellationToken cancellationToken)
    {
        var page = await ReadAsync(tenantId, null, 1, cancellationToken);
        return page.Count == 0 ? null : page[0];
    }

    public async Task AppendBatchAsync(string tenantId, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count is 0 or > MaximumBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(records), $"A batch holds 1 to {MaximumBatch} records.");
        }

        await EnsureCreatedAsync();
        try
        {
            if (records.Count == 1)
            {
                await _table.AddEntityAsync(AuditRecordEntity.From(tenantId, records[0]), cancellationToken);
            }
            else
            {
                await _table.SubmitTransactionAsync(
                    records.Select(r => new TableTransactionAction(TableTransactionActionType.Add, AuditRecordEntity.From(tenantId, r))), cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new AuditSequenceTakenException($"Audit sequence {records[0].Sequence}..{records[^1].Sequence} of tenant {tenantId} is already (partly) stored.", e);
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(string tenantId, long? beforeSequence, int limit, CancellationToken cancellationToken) =>
        QueryAsync(tenantId, AuditFilter.All, beforeSequence, limit, cancellationToken);

    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(string tenantId, AuditFilter filter, long? beforeSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await EnsureCreatedAsync();
        var records = new List<AuditRecord>(Math.Min(limit, ScanPage));
        var pageSize = filter == AuditFilter.All ? limit : ScanPage;
        await foreach (var entity in _table.QueryAsync<AuditRecordEntity>(QueryFilter(tenantId, filter, beforeSequence), maxPerPage: pageSize, cancellationToken: cancellationToken))
        {
            var record = entity.ToRecord();
            // The server-side filter narrows the scan; the rule decides (kind prefixes are not expressible in OData).
            if (AuditFilterRules.Matches(filter, record.Event))
            {
                records.Add(record);
                if (records.Count == limit)
                {
                    break;
                }
            }
        }

        return records;
    }

    public async IAsyncEnumerable<(long Position, AuditRecord Record)> ScanAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync();
        await foreach (var entity in _table.QueryAsync<AuditRecordEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), maxPerPage: ScanPage, cancellationToken: cancellationToken))
        {
            yield return (entity.Position, entity.ToRecord());
        }
    }

    public async Task AddCheckpointAsync(string tenantId, AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await EnsureCreatedAsync();
        await _checkpoints.UpsertEntityAsync(AuditCheckpointEntity.From(tenantId, AuditRecordEntity.RowKeyOf(checkpoint.Sequence), checkpoint), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditCheckpoint>> ReadCheckpointsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync();
        var checkpoints = new List<AuditCheckpoint>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ne {AuditCheckpointEntity.AnchorRowKey}");
        await foreach (var entity in _checkpoints.QueryAsync<AuditCheckpointEntity>(filter, cancellationToken: cancellationToken))
        {
            checkpoints.Add(entity.ToCheckpoint());
        }

        return checkpoints;
    }

    public async Task<AuditCheckpoint?> ReadAnchorAsync(string tenantId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync();
        var anchor = await _checkpoints.GetEntityIfExistsAsync<AuditCheckpointEntity>(tenantId, AuditCheckpointEntity.AnchorRowKey, cancellationToken: cancellationToken);
        return anchor.HasValue ? anchor.Value!.ToCheckpoint() : null;
    }

    public async Task SetAnchorAsync(string tenantId, AuditCheckpoint anchor, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync();
        await _checkpoints.UpsertEntityAsync(AuditCheckpointEntity.From(tenantId, AuditCheckpointEntity.AnchorRowKey, anchor), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadRangeAsync(string tenantId, long first, long last, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey ge {AuditRecordEntity.RowKeyOf(last)} and RowKey le {AuditRecordEntity.RowKeyOf(first)}");
        var records = new List<AuditRecord>();
        await foreach (var entity in _table.QueryAsync<AuditRecordEntity>(filter, cancellationToken: cancellationToken))
        {
            records.Add(entity.ToRecord());
        }

        records.Reverse();
        return records;
    }

    public async Task DeleteAsync(string tenantId, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        await EnsureCreatedAsync();
        if (sequences.Count == 0)
        {
            return;
        }

        try
        {
            await _table.SubmitTransactionAsync(sequences.Select(sequence =>
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenantId, AuditRecordEntity.RowKeyOf(sequence)), ETag.All)), cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // Part was deleted before (a purge interrupted half-way and run again): one by one.
            foreach (var sequence in sequences)
            {
                try
                {
                    await _table.DeleteEntityAsync(tenantId, AuditRecordEntity.RowKeyOf(sequence), ETag.All, cancellationToken);
                }
                catch (RequestFailedException missing) when (missing.Status == 404)
                {
                }
            }
        }
    }

    private Task EnsureCreatedAsync() => _created.Value;

    private static string QueryFilter(string tenantId, AuditFilter filter, long? beforeSequence)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}") };
        if (beforeSequence is { } before)
        {
            clauses.Add(TableClient.CreateQueryFilter($"RowKey gt {AuditRecordEntity.RowKeyOf(before)}"));
        }

        if (filter.From is { } from)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Time ge {from}"));
        }

        if (filter.To is { } to)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Time lt {to}"));
        }

        AddEquals(clauses, "Actor", filter.Actor);
        AddEquals(clauses, "AccountId", filter.AccountId);
        AddEquals(clauses, "RequestId", filter.RequestId);
        AddEquals(clauses, "Result", filter.Result);
        return string.Join(" and ", clauses);
    }

    private static void AddEquals(List<string> clauses, string property, string? value)
    {
        if (value is not null)
        {
            // Property names are ours; the value is escaped by CreateQueryFilter.
            clauses.Add(property + TableClient.CreateQueryFilter($" eq {value}"));
        }
    }
}
