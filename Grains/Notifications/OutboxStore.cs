using Azure;
using Azure.Data.Tables;
using Kagi.Domain.Notifications;
using Kagi.Hosting;

namespace Kagi.Notifications;

/// <summary>
/// The tenants' notification deliveries in one Azure table: partition = tenant, rows from
/// <see cref="OutboxRows"/>. A delivery's rows change together in one transaction, so the queue and the
/// listings never disagree about it; a failed write throws to the caller. The outbox grain of the tenant
/// is the one writer of its partition.
/// </summary>
public sealed class OutboxStore(TableServiceClient tables)
{
    /// <summary>Azure Table storage's limits of one transaction: 100 actions, 4 MiB (kept well under).</summary>
    private const int MaximumBatch = 100;
    private const int MaximumBatchBytes = 3 * 1024 * 1024;

    private readonly TableClient _table = tables.GetTableClient(KagiStorage.NotificationTable);
    private readonly Lazy<Task> _created = new(() => tables.GetTableClient(KagiStorage.NotificationTable).CreateIfNotExistsAsync());

    /// <summary>Stores new deliveries (or stores again, unchanged, what a repeated migration copies).
    /// Each delivery's rows are one transaction; as many deliveries as fit share one.</summary>
    public Task AddAsync(string tenantId, IEnumerable<OutboxDelivery> deliveries) =>
        SubmitAsync([.. deliveries.Select(d => OutboxRows.Of(tenantId, d).Select(Upsert).ToList())]);

    /// <summary>Replaces <paramref name="before"/>'s rows by <paramref name="after"/>'s in one transaction.</summary>
    public Task ReplaceAsync(string tenantId, OutboxDelivery before, OutboxDelivery after)
    {
        var written = OutboxRows.Of(tenantId, after);
        var kept = written.Select(row => row.RowKey).ToHashSet(StringComparer.Ordinal);
        var removed = OutboxRows.Of(tenantId, before).Where(row => !kept.Contains(row.RowKey)).Select(row => Delete(tenantId, row.RowKey));
        return SubmitAsync([[.. removed, .. written.Select(Upsert)]]);
    }

    /// <summary>Pending deliveries due at <paramref name="now"/>, in due order, at most <paramref name="take"/>.</summary>
    public Task<List<OutboxDelivery>> DueAsync(string tenantId, DateTimeOffset now, int take) =>
        QueryAsync(tenantId, OutboxRows.Queue, inclusive: true, OutboxRows.Queue + OutboxRows.Ticks(now) + "}", take, OutboxRows.ToDelivery);

    /// <summary>The earliest next attempt of any pending delivery, if there is one.</summary>
    public async Task<DateTimeOffset?> NextWakeAsync(string tenantId)
    {
        var first = await QueryAsync(tenantId, OutboxRows.Queue, inclusive: true, OutboxRows.End(OutboxRows.Queue), 1, OutboxRows.ToDelivery);
        return first.Count == 0 ? null : first[0].NextAttemptAt ?? first[0].CreatedAt;
    }

    /// <summary>Deliveries newest first, only those of <paramref name="status"/> when given, after the position
    /// <paramref name="after"/>; up to <paramref name="take"/>. Every status: the statuses' ranges read one after
    /// another, each as far as it could contribute, and merged (<see cref="DeliveryListing"/>).</summary>
    public async Task<List<OutboxDelivery>> ListAsync(string tenantId, string? status, string? after, int take)
    {
        var found = new List<(string Position, OutboxDelivery Delivery)>();
        foreach (var listed in status is null ? DeliveryListing.ReadOrder : [status])
        {
            var collection = OutboxRows.ByStatus(listed);
            var deliveries = await QueryAsync(tenantId, collection + after, inclusive: after is null, OutboxRows.End(collection), take, OutboxRows.ToDelivery);
            found.AddRange(deliveries.Select(d => (OutboxRows.Position(d), d)));
        }

        return DeliveryListing.Merge(found, take);
    }

    /// <summary>Removes up to <paramref name="take"/> deliveries of <paramref name="status"/> finished before
    /// <paramref name="cutoff"/>; returns how many. They were created before it too, so they are at the end of the
    /// status's range, where the store filters them by finish time.</summary>
    public async Task<int> RemoveFinishedAsync(string tenantId, string status, DateTimeOffset cutoff, int take)
    {
        var prefix = OutboxRows.ByStatus(status);
        var aged = TableClient.CreateQueryFilter($"FinishedTicks lt {cutoff.UtcTicks}");
        var old = await QueryAsync(tenantId, prefix + OutboxRows.PositionsBefore(cutoff), inclusive: true, OutboxRows.End(prefix), take, row => row.RowKey, aged);
        await DeleteAsync(tenantId, old);
        return old.Count;
    }

    /// <summary>Removes up to <paramref name="take"/> of the rows only earlier versions wrote (<see cref="OutboxRows.Legacy"/>);
    /// returns how many. Nothing reads or writes them any more, so this races with nothing.</summary>
    public async Task<int> RemoveLegacyRowsAsync(string tenantId, int take)
    {
        var keys = new List<string>();
        foreach (var prefix in OutboxRows.Legacy)
        {
            keys.AddRange(await QueryAsync(tenantId, prefix, inclusive: true, OutboxRows.End(prefix), take - keys.Count, row => row.RowKey));
        }

        await DeleteAsync(tenantId, keys);
        return keys.Count;
    }

    private async Task<List<T>> QueryAsync<T>(string tenantId, string from, bool inclusive, string before, int take, Func<TableEntity, T> read, string? also = null)
    {
        await _created.Value;
        var start = inclusive ? TableClient.CreateQueryFilter($"RowKey ge {from}") : TableClient.CreateQueryFilter($"RowKey gt {from}");
        var filter = string.Join(" and ", new[] { TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), start, TableClient.CreateQueryFilter($"RowKey lt {before}"), also }.OfType<string>());
        var found = new List<T>();
        if (take <= 0)
        {
            return found;
        }

        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000)))
        {
            found.Add(read(row));
            if (found.Count == take)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>Submits groups of actions, never splitting a group: as many whole groups go into one
    /// transaction as its limits allow.</summary>
    private async Task SubmitAsync(List<List<TableTransactionAction>> groups)
    {
        await _created.Value;
        var batch = new List<TableTransactionAction>();
        var bytes = 0;
        foreach (var group in groups.Where(g => g.Count > 0))
        {
            var size = group.Sum(action => OutboxRows.SizeOf((TableEntity)action.Entity));
            if (batch.Count > 0 && (batch.Count + group.Count > MaximumBatch || bytes + size > MaximumBatchBytes))
            {
                await _table.SubmitTransactionAsync(batch);
                batch = [];
                bytes = 0;
            }

            batch.AddRange(group);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            await _table.SubmitTransactionAsync(batch);
        }
    }

    /// <summary>Deletes rows that stand alone (each its own group), as many to a transaction as fit.</summary>
    private Task DeleteAsync(string tenantId, List<string> rowKeys) => SubmitAsync([.. rowKeys.Select(key => new List<TableTransactionAction> { Delete(tenantId, key) })]);

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    private static TableTransactionAction Delete(string tenantId, string rowKey) => new(TableTransactionActionType.Delete, new TableEntity(tenantId, rowKey), ETag.All);
}
