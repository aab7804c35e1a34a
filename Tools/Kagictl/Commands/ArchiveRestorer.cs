using System.Diagnostics;
using Azure.Data.Tables;
using Kagi.Kagictl.Archive;
using Kagi.Kagictl.Storage;

namespace Kagi.Kagictl.Commands;

/// <summary>
/// Writes an archive's rows back. Rows come in partition order, so consecutive rows of one partition go in one
/// entity-group transaction (at most 100, the store's limit); up to <see cref="InFlight"/> transactions run at
/// once, which bounds memory as well. Upserts, so a restore that was interrupted can simply run again.
/// </summary>
public sealed class ArchiveRestorer(TableServiceClient tables, Progress progress)
{
    private const int Batch = 100;
    private const int InFlight = 16;

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

    /// <summary>Writes every row; returns the rows written per table and the tenants whose audit log it holds.</summary>
    public async Task<(IReadOnlyDictionary<string, long> Rows, IReadOnlyList<string> AuditTenants)> RestoreAsync(ArchiveReader archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var auditTenants = new List<string>();
        var pending = new List<Task>();
        using var gate = new SemaphoreSlim(InFlight);
        TableClient? client = null;
        var batch = new List<TableTransactionAction>();
        var watch = Stopwatch.StartNew();
        long rows = 0;

        async Task SendAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            var actions = batch;
            batch = [];
            await gate.WaitAsync(cancellationToken);
            var target = client!;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await target.SubmitTransactionAsync(actions, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken));
            if (pending.Count >= 4 * InFlight)
            {
                // Surfaces a failed transaction early and keeps the list of tasks short.
                var done = pending.Where(t => t.IsCompleted).ToList();
                await Task.WhenAll(done);
                pending.RemoveAll(done.Contains);
            }
        }

        while (archive.Next() is { } item)
        {
            switch (item)
            {
                case TableStarted started:
                    client = tables.GetTableClient(started.Table);
                    await client.CreateIfNotExistsAsync(cancellationToken);
                    rows = 0;
                    watch.Restart();
                    break;
                case RowRead read:
                    if (batch.Count == Batch || (batch.Count > 0 && batch[0].Entity.PartitionKey != read.Row.PartitionKey))
                    {
                        await SendAsync();
                    }

                    if (read.Table == Kagi.Hosting.KagiStorage.AuditTable && (auditTenants.Count == 0 || auditTenants[^1] != read.Row.PartitionKey))
                    {
                        auditTenants.Add(read.Row.PartitionKey);
                    }

                    batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, read.Row));
                    progress.Rows("restore", read.Table, ++rows);
                    break;
                case TableEnded ended:
                    await SendAsync();
                    await Task.WhenAll(pending);
                    pending.Clear();
                    counts[ended.Table] = ended.Rows;
                    progress.TableDone("restore", ended.Table, ended.Rows, watch.Elapsed);
                    break;
            }
        }

        return (counts, auditTenants);
    }
}
