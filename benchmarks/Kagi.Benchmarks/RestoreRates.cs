using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Kagi.Audit;

namespace Kagi.Benchmarks;

/// <summary>
/// The table store's own pace for the two kinds of write a restore sends, each with N writes in flight, in
/// rows shaped like the archive's: single-entity writes into partitions of their own with one shared row key (the
/// layout Orleans' own provider gave grain state, kept to show what it cost), the same rows with a row key of their
/// own each (<c>single-upsert-own-rowkey</c>), and transactions of 100 rows into one partition (an audit log's rows, in
/// its partitions of ten thousand, and a tenant's grain states of one type). Each measurement writes into a table of its own (outside kagictl's
/// <c>Kagi</c> prefix), so every one starts from an empty table as a restore does. Azurite's in-memory store looks an
/// entity up by its row key's index first and then scans the rows sharing it, and inserts each row into its
/// partition-key index at the start of that key's run, so both the shared row key and one large partition cost in
/// proportion to the rows already there. Usage:
/// <c>restore-rates &lt;connection&gt; &lt;single rows&gt; &lt;batched rows&gt; &lt;in-flight list, e.g. 1,16,64&gt;</c>;
/// prints one tab-separated line per measurement: kind, in flight, rows, seconds, rows/s.
/// </summary>
public static class RestoreRates
{
    private const int Batch = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var tables = new TableServiceClient(args[0]);
        var singleRows = int.Parse(args[1], CultureInfo.InvariantCulture);
        var batchedRows = int.Parse(args[2], CultureInfo.InvariantCulture);
        var inFlight = args[3].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        await MeasureAsync(tables, "warm-up", 8, 200, WriteSingleAsync); // connections, JIT
        foreach (var n in inFlight)
        {
            await MeasureAsync(tables, "single-upsert", n, singleRows, WriteSingleAsync);
            await MeasureAsync(tables, "single-upsert-own-rowkey", n, singleRows, WriteSingleOwnRowKeyAsync);
        }

        // Sequences counting down from a multiple of 100, so no transaction crosses a partition of the log.
        var newest = (batchedRows + Batch - 1) / Batch * Batch;
        foreach (var n in inFlight)
        {
            await MeasureAsync(tables, "batch-100", n, batchedRows, (table, first, count) => WriteBatchAsync(table, first, count, newest));
        }

        return 0;
    }

    private static async Task MeasureAsync(TableServiceClient tables, string kind, int inFlight, int rows,
        Func<TableClient, int, int, Task> write)
    {
        var table = tables.GetTableClient("BenchRates" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        var step = kind == "batch-100" ? Batch : 1;
        var next = -step;
        var watch = Stopwatch.StartNew();
        // N workers, each taking the next unit of work: N writes in flight, no more.
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            int first;
            while ((first = Interlocked.Add(ref next, step)) < rows)
            {
                await write(table, first, Math.Min(step, rows - first));
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        await tables.DeleteTableAsync(table.Name);
        if (kind != "warm-up")
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}\t{inFlight}\t{rows}\t{seconds:F1}\t{rows / seconds:F0}"));
        }
    }

    private static Task WriteSingleAsync(TableClient table, int first, int count) =>
        table.UpsertEntityAsync(GrainStateRow(first), TableUpdateMode.Replace);

    private static Task WriteSingleOwnRowKeyAsync(TableClient table, int first, int count)
    {
        var row = GrainStateRow(first);
        row.RowKey = "account-" + first.ToString("D7", CultureInfo.InvariantCulture);
        return table.UpsertEntityAsync(row, TableUpdateMode.Replace);
    }

    // Rows in key order, as an archive holds them and a restore writes them: the newest record first.
    private static async Task WriteBatchAsync(TableClient table, int first, int count, int newest) => await
        table.SubmitTransactionAsync(Enumerable.Range(first, count).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, AuditRow(newest - i))));

    private static TableEntity GrainStateRow(int index) => new($"kagi-bench_privilegedaccount_bench-tenant_svc-{index:D7}", "account")
    {
        ["Data"] = RandomNumberGenerator.GetBytes(420),
        ["ETag"] = Guid.NewGuid().ToString(),
    };

    // In the audit log's own partitions (AuditPartitions): one tenant's log, ten thousand records a partition.
    private static TableEntity AuditRow(int sequence) => new(AuditPartitions.Of("bench-tenant", sequence), AuditRecordEntity.RowKeyOf(sequence))
    {
        ["Time"] = DateTimeOffset.UtcNow,
        ["Actor"] = "alice",
        ["Action"] = "account.checkout",
        ["Subject"] = "db-prod",
        ["Result"] = "success",
        ["IpAddress"] = "10.0.0.7",
        ["Detail"] = "request r-" + sequence,
        ["Hash"] = RandomNumberGenerator.GetBytes(32),
        ["PreviousHash"] = RandomNumberGenerator.GetBytes(32),
    };
}
