using Azure;
using Azure.Data.Tables;
using Kagi.Domain.Requests;
using Kagi.Hosting;

namespace Kagi.Requests;

/// <summary>
/// The tenants' request indexes in one Azure table: partition = tenant, row keys from
/// <see cref="RequestIndexKeys"/>. A request's summary row and its listing rows change in one transaction
/// in the partition, so a listing never sees half of a change; a failed write throws to the caller.
/// Each request grain writes only its own rows, so the tenant has no single writer to wait on.
/// </summary>
public sealed class RequestIndexStore(TableServiceClient tables)
{
    /// <summary>Azure Table storage's limit of actions in one transaction.</summary>
    private const int MaximumBatch = 100;

    /// <summary>Tries of a write that met another writer of the same request's rows (a rebuild emptying them).</summary>
    private const int WriteAttempts = 3;

    private readonly TableClient _table = tables.GetTableClient(KagiStorage.RequestIndexTable);
    private readonly Lazy<Task> _created = new(() => tables.GetTableClient(KagiStorage.RequestIndexTable).CreateIfNotExistsAsync());

    /// <summary>Writes a request's summary and moves its listing rows to where it now stands; an unchanged summary writes
    /// nothing. <paramref name="known"/> is what the caller's last write left (from this method's answer), so the summary
    /// row need not be read first; if the row changed since (a rebuild), the write fails on its ETag and the row is read.
    /// The answer is what the index now holds, or null when the store did not say (the next write reads).</summary>
    public async Task<IndexedRequest?> PutAsync(string tenantId, RequestSummary summary, IndexedRequest? known = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await _created.Value;
        var text = RequestIndexRows.Text(summary);
        var listings = RequestIndexKeys.ListingsOf(summary);
        var staleRemoved = false;
        var before = known;
        for (var attempt = 1; ; attempt++)
        {
            before ??= await ReadAsync(tenantId, summary.Id);
            if (before.Exists && before.Text == text)
            {
                return before;
            }

            var stale = before.Listings.Except(listings, StringComparer.Ordinal).ToList();
            // The summary row is replaced only if nobody changed it since it was read, so the stale keys are the right ones.
            var row = RequestIndexRows.Row(tenantId, RequestIndexKeys.Summary(summary.Id), summary, text);
            var actions = new List<TableTransactionAction>
            {
                before.Exists ? new(TableTransactionActionType.UpdateReplace, row, before.ETag) : new(TableTransactionActionType.Add, row),
            };
            if (!staleRemoved)
            {
                actions.AddRange(stale.Select(key => Delete(tenantId, key)));
            }

            actions.AddRange(listings.Select(key => Upsert(RequestIndexRows.Row(tenantId, key, summary, text))));
            try
            {
                var written = await _table.SubmitTransactionAsync(actions);
                return written.Value.Count > 0 && written.Value[0].Headers.ETag is { } etag ? new IndexedRequest(true, text, [.. listings], etag) : null;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412 && attempt < WriteAttempts)
            {
                // 409/412: the summary row changed meanwhile; read it again. 404: the summary row or a listing row to
                // remove was already gone (a rebuild is emptying the index), so remove the rest one by one, read, write again.
                if (e.Status == 404)
                {
                    foreach (var key in stale)
                    {
                        await DeleteIfPresentAsync(tenantId, key);
                    }

                    staleRemoved = true;
                }

                before = null;
            }
        }
    }

    private async Task<IndexedRequest> ReadAsync(string tenantId, string requestId)
    {
        var stored = await _table.GetEntityIfExistsAsync<TableEntity>(tenantId, RequestIndexKeys.Summary(requestId));
        return stored.HasValue && stored.Value is { } row
            ? new IndexedRequest(true, RequestIndexRows.StoredText(row), [.. RequestIndexKeys.ListingsOf(RequestIndexRows.ToSummary(row))], row.ETag)
            : IndexedRequest.Absent;
    }

    /// <summary>Writes a summary only if the index has none for the request (what earlier versions held never
    /// overwrites what a request grain wrote since); whether it was written.</summary>
    public async Task<bool> AddIfAbsentAsync(string tenantId, RequestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await _created.Value;
        var text = RequestIndexRows.Text(summary);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, RequestIndexRows.Row(tenantId, RequestIndexKeys.Summary(summary.Id), summary, text)),
        };
        actions.AddRange(RequestIndexKeys.ListingsOf(summary).Select(key => Upsert(RequestIndexRows.Row(tenantId, key, summary, text))));
        try
        {
            await _table.SubmitTransactionAsync(actions);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The summaries of those of <paramref name="requestIds"/> the index holds: one point read each.</summary>
    public async Task<List<RequestSummary>> FindAsync(string tenantId, IEnumerable<string> requestIds)
    {
        ArgumentNullException.ThrowIfNull(requestIds);
        await _created.Value;
        var found = new List<RequestSummary>();
        foreach (var chunk in requestIds.Distinct(StringComparer.Ordinal).Chunk(16))
        {
            var rows = await Task.WhenAll(chunk.Select(id => _table.GetEntityIfExistsAsync<TableEntity>(tenantId, RequestIndexKeys.Summary(id))));
            found.AddRange(rows.Where(row => row.HasValue).Select(row => RequestIndexRows.ToSummary(row.Value!)));
        }

        return found;
    }

    /// <summary>Up to <paramref name="take"/> summaries of <paramref name="scan"/>'s listing after <paramref name="after"/>,
    /// in listing order, that <paramref name="wanted"/> keeps; rows are read only as far as needed.</summary>
    public async Task<List<RequestSummary>> ListAsync(string tenantId, RequestScan scan, RequestPosition? after, Func<RequestSummary, bool> wanted, int take)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(wanted);
        await _created.Value;
        var found = new List<RequestSummary>();
        if (take <= 0)
        {
            return found;
        }

        await foreach (var row in _table.QueryAsync<TableEntity>(Filter(tenantId, scan, after), maxPerPage: Math.Min(take, 1000)))
        {
            var summary = RequestIndexRows.ToSummary(row);
            if (wanted(summary))
            {
                found.Add(summary);
                if (found.Count == take)
                {
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>Removes the rows of closed requests that <see cref="RequestListing.Purgeable"/> lets go with the audit
    /// records before <paramref name="cutOff"/>, each request's rows in one transaction; how many requests went.
    /// Only the oldest end of each closed status's listing is read.</summary>
    public async Task<int> PurgeClosedAsync(string tenantId, DateTimeOffset cutOff)
    {
        await _created.Value;
        var purged = 0;
        foreach (var status in RequestListing.Closed)
        {
            var range = RequestIndexKeys.CreatedBefore(RequestIndexKeys.WithStatus(status), cutOff);
            var filter = string.Join(" and ",
                TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
                TableClient.CreateQueryFilter($"RowKey ge {range.From}"),
                TableClient.CreateQueryFilter($"RowKey lt {range.Before}"));
            var gone = new List<RequestSummary>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter))
            {
                var summary = RequestIndexRows.ToSummary(row);
                if (RequestListing.Purgeable(summary, cutOff))
                {
                    gone.Add(summary);
                }
            }

            foreach (var summary in gone)
            {
                var keys = RequestIndexKeys.ListingsOf(summary).Prepend(RequestIndexKeys.Summary(summary.Id)).ToList();
                try
                {
                    await _table.SubmitTransactionAsync(keys.Select(key => Delete(tenantId, key)));
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // A rebuild emptied some of them meanwhile: remove the rest one by one.
                    foreach (var key in keys)
                    {
                        await DeleteIfPresentAsync(tenantId, key);
                    }
                }

                purged++;
            }
        }

        return purged;
    }

    /// <summary>Deletes every row of the tenant's index, in transactions of up to 100 rows.</summary>
    public async Task ClearAsync(string tenantId)
    {
        await _created.Value;
        var keys = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        foreach (var chunk in keys.Chunk(MaximumBatch))
        {
            try
            {
                await _table.SubmitTransactionAsync(chunk.Select(key => Delete(tenantId, key)));
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // A request grain moved some of these rows meanwhile: remove the rest one by one.
                foreach (var key in chunk)
                {
                    await DeleteIfPresentAsync(tenantId, key);
                }
            }
        }
    }

    private static string Filter(string tenantId, RequestScan scan, RequestPosition? after)
    {
        var range = RequestIndexKeys.After(scan.Listing, after);
        var parts = new List<string>
        {
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
            range.Inclusive ? TableClient.CreateQueryFilter($"RowKey ge {range.From}") : TableClient.CreateQueryFilter($"RowKey gt {range.From}"),
            TableClient.CreateQueryFilter($"RowKey lt {range.Before}"),
        };
        if (scan.Status is { } status)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {AccessRequestLifecycle.Name(status)}"));
        }

        if (scan.Requester is { } requester)
        {
            parts.Add(TableClient.CreateQueryFilter($"Requester eq {requester}"));
        }

        return string.Join(" and ", parts);
    }

    private async Task DeleteIfPresentAsync(string tenantId, string rowKey)
    {
        try
        {
            await _table.DeleteEntityAsync(tenantId, rowKey);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Removing what is not there leaves what was asked for.
        }
    }

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    private static TableTransactionAction Delete(string tenantId, string rowKey) => new(TableTransactionActionType.Delete, new TableEntity(tenantId, rowKey), ETag.All);
}
