using System.Diagnostics;
using Azure.Data.Tables;
using Kagi.Kagictl.Archive;
using Kagi.Kagictl.Storage;

namespace Kagi.Kagictl.Commands;

/// <summary>
/// Writes an archive's rows back. Rows come in partition order, so consecutive rows of one partition go in one
/// entity-group transaction (at most 100, the store's limit): an audit log's rows, and a tenant's grain states of one
/// type (16 partitions a type, <c>GrainStateLayout</c>). A partition of a single row (a Kagi-wide grain's state) goes
/// as one plain write, which the store handles faster than a transaction of one. Up to
/// <see cref="InFlight"/> writes of any partitions run at once while the archive is decoded on; waiting for a
/// free slot bounds memory whatever the archive's size (64 transactions of 100 rows are a few MiB). Into an empty account rows are inserted; with
/// <c>overwrite</c> (<c>--force</c>) upserted, so a restore that stopped part-way is completed by running it
/// again. The first failed write stops it: nothing more is sent, and <see cref="RestoreInterruptedException"/>
/// says where, once the writes already sent have finished.
/// </summary>
public sealed class ArchiveRestorer(TableServiceClient tables, Progress progress)
{
    private const int Batch = 100;

    /// <summary>
    /// 64, not 16: measured on Azurite (Kagi.Benchmarks restore-rates), 64 one-row writes in
    /// flight are accepted about a quarter faster than 16, and 100-row transactions a little faster; more gains nothing.
    /// </summary>
    internal const int InFlight = 64;

    /// <summary>The tables that hold a row, for the "restore only into an empty account" rule.</summary>
    public async Task<IReadOnlyList<string>> NonEmptyTablesAsync(CancellationToken cancellationToken)
    {
        var nonEmpty = new List<string>();
        foreach (var table in await KagiTables.ListAsync(tables, cancellationToken))
        {
            await foreach (var page in tables.GetTableClient(table).QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages())
            {
                if (page.Values.Count > 0)
                {
                    nonEmpty.Add(table);
                }

                break;
            }
        }

        return nonEmpty;
    }

    /// <summary>
    /// Writes every row, showing each item to <paramref name="observe"/> as it is read (before its write is
    /// acknowledged; a table's writes all are before its <see cref="TableEnded"/> is shown). Returns the rows
    /// written per table.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> RestoreAsync(ArchiveReader archive, bool overwrite, Func<ArchiveItem, ValueTask> observe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(observe);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var writes = new BoundedWrites(InFlight, cancellationToken);
        var action = overwrite ? TableTransactionActionType.UpsertReplace : TableTransactionActionType.Add;
        TableClient? client = null;
        var batch = new List<TableTransactionAction>(Batch);
        var watch = Stopwatch.StartNew();
        string? table = null;
        long rows = 0;
        try
        {
            while (archive.Next() is { } item)
            {
                await observe(item);
                switch (item)
                {
                    case TableStarted started:
                        table = started.Table;
                        client = tables.GetTableClient(started.Table);
                        await client.CreateIfNotExistsAsync(cancellationToken);
                        rows = 0;
                        watch.Restart();
                        break;
                    case RowRead read:
                        if (batch.Count == Batch || (batch.Count > 0 && batch[0].Entity.PartitionKey != read.Row.PartitionKey))
                        {
                            await SendAsync(writes, client!, batch, overwrite);
                            batch = new List<TableTransactionAction>(Batch);
                        }

                        batch.Add(new TableTransactionAction(action, read.Row));
                        progress.Rows("restore", read.Table, ++rows);
                        break;
                    case TableEnded ended:
                        await SendAsync(writes, client!, batch, overwrite);
                        batch = new List<TableTransactionAction>(Batch);
                        await writes.DrainAsync();
                        counts[ended.Table] = ended.Rows;
                        progress.TableDone("restore", ended.Table, ended.Rows, watch.Elapsed);
                        break;
                }
            }
        }
        catch (Exception e)
        {
            // Whatever stopped it (even an archive changed since it was verified), rows may have been written.
            await writes.SettleAsync();
            throw new RestoreInterruptedException(table ?? "the first table", rows, e);
        }

        return counts;
    }

    private static Task SendAsync(BoundedWrites writes, TableClient client, List<TableTransactionAction> batch, bool overwrite)
    {
        if (batch.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (batch.Count > 1)
        {
            return writes.StartAsync(token => client.SubmitTransactionAsync(batch, token));
        }

        var row = (TableEntity)batch[0].Entity;
        return writes.StartAsync(token => overwrite
            ? client.UpsertEntityAsync(row, TableUpdateMode.Replace, token)
            : client.AddEntityAsync(row, token));
    }
}
