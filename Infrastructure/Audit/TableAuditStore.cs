using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Kagi.Domain.Audit;
using Kagi.Hosting;

namespace Kagi.Audit;

/// <summary>
/// Audit records in Azure Table storage: a tenant's log in partitions of consecutive records
/// (<see cref="AuditPartitions"/>), row keys counting down so the newest record comes first in a scan.
/// Inserts only, in transactional batches of up to 100 rows within one partition. Records of the earlier
/// layout (the whole log in one partition named by the tenant) are read after the bucketed ones: they are
/// all older. Checkpoints live in their own table, one partition per tenant, row keys as for records.
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

        if (!AuditPartitions.Together(records[0].Sequence, records[^1].Sequence))
        {
            throw new ArgumentOutOfRangeException(nameof(records), $"A batch stays within one partition of {AuditPartitions.Size} records.");
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
        if (beforeSequence <= 1)
        {
            return [];
        }

        await EnsureCreatedAsync();
        var records = new List<AuditRecord>(Math.Min(limit, ScanPage));
        var pageSize = filter == AuditFilter.All ? limit : ScanPage;
        var conditions = Conditions(filter, beforeSequence);
        await foreach (var entity in QueryNewestFirstAsync(tenantId, AuditPartitions.Buckets(tenantId, newest: beforeSequence - 1), conditions, pageSize, cancellationToken))
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
        await foreach (var entity in QueryNewestFirstAsync(tenantId, AuditPartitions.Buckets(tenantId), null, ScanPage, cancellationToken))
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
        var rows = TableClient.CreateQueryFilter($"RowKey ge {AuditRecordEntity.RowKeyOf(last)} and RowKey le {AuditRecordEntity.RowKeyOf(first)}");
        var records = new List<AuditRecord>();
        await foreach (var entity in QueryNewestFirstAsync(tenantId, AuditPartitions.Buckets(tenantId, newest: last, oldest: first), rows, ScanPage, cancellationToken))
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
        foreach (var partition in sequences.GroupBy(sequence => AuditPartitions.Of(tenantId, sequence)))
        {
            // Records of the earlier layout are in the tenant's own partition; a purge reaches them first.
            if (!await TryDeleteAsync(partition.Key, [.. partition], cancellationToken) && !await TryDeleteAsync(tenantId, [.. partition], cancellationToken))
            {
                // Part was deleted before (a purge interrupted half-way and run again): one by one, wherever each is.
                foreach (var sequence in partition)
                {
                    await DeleteIfThereAsync(partition.Key, sequence, cancellationToken);
                    await DeleteIfThereAsync(tenantId, sequence, cancellationToken);
                }
            }
        }
    }

    /// <summary>Rows matching <paramref name="conditions"/>, newest first: the tenant's buckets within
    /// <paramref name="buckets"/>, then its partition of the earlier layout (whose records are all older).</summary>
    private async IAsyncEnumerable<AuditRecordEntity> QueryNewestFirstAsync(string tenantId, string buckets, string? conditions, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var partitions in new[] { buckets, AuditPartitions.Legacy(tenantId) })
        {
            var filter = conditions is null ? partitions : $"({partitions}) and {conditions}";
            await foreach (var entity in _table.QueryAsync<AuditRecordEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken))
            {
                yield return entity;
            }
        }
    }

    private async Task<bool> TryDeleteAsync(string partitionKey, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        try
        {
            await _table.SubmitTransactionAsync(sequences.Select(sequence =>
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, AuditRecordEntity.RowKeyOf(sequence)), ETag.All)), cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private async Task DeleteIfThereAsync(string partitionKey, long sequence, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(partitionKey, AuditRecordEntity.RowKeyOf(sequence), ETag.All, cancellationToken);
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
        }
    }

    private Task EnsureCreatedAsync() => _created.Value;

    private static string? Conditions(AuditFilter filter, long? beforeSequence)
    {
        var clauses = new List<string>();
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
        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
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
