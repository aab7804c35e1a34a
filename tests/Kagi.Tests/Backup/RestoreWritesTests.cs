using System.Security.Cryptography;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Kagi.Kagictl;
using Kagi.Kagictl.Archive;
using Kagi.Kagictl.Commands;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Backup;

/// <summary>
/// The restorer's writes against a real (private) Azurite: many partitions written in parallel come back row for
/// row, and a write failing part-way stops the restore at once, leaves an account that a plain restore refuses,
/// and a restore run again with --force completes it exactly.
/// </summary>
public sealed class RestoreWritesTests
{
    private static readonly OperatorKey Key = OperatorKey.FromBytes(RandomNumberGenerator.GetBytes(32));
    private readonly TableServiceClient _tables = new(TestEnvironment.StorageConnection);
    private readonly (string Table, TableEntity[] Rows)[] _source;

    public RestoreWritesTests()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        // One partition larger than a transaction, hundreds of one-row partitions (as grain state), a few of 150 rows.
        _source =
        [
            ($"KagiRestoreLog{run}", [.. Enumerable.Range(0, 1_050).Select(i => Row("tenant-a", i))]),
            ($"KagiRestoreState{run}", [.. Enumerable.Range(0, 400).Select(i => Row($"kagi_account_tenant-a_svc-{i:D4}", 0))
                .Concat(Enumerable.Range(0, 3).SelectMany(p => Enumerable.Range(0, 150).Select(i => Row($"kagi_inventory_tenant-{p}", i))))
                .OrderBy(r => r.PartitionKey, StringComparer.Ordinal).ThenBy(r => r.RowKey, StringComparer.Ordinal)]),
        ];
    }

    [Fact]
    public async Task Parallel_restore_writes_every_row_of_a_many_partition_archive_exactly()
    {
        using var archive = Archive();
        var observed = 0;

        var counts = await new ArchiveRestorer(_tables, Quiet).RestoreAsync(archive, overwrite: false, item =>
        {
            observed += item is RowRead ? 1 : 0;
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(_source.ToDictionary(t => t.Table, t => (long)t.Rows.Length), counts);
        Assert.Equal(_source.Sum(t => t.Rows.Length), observed);
        await AssertHoldsExactlyAsync();
    }

    [Fact]
    public async Task A_write_failing_part_way_stops_the_restore_and_a_forced_rerun_completes_it_exactly()
    {
        var failing = new FailWritesAfter(60);
        var options = new TableClientOptions { Retry = { MaxRetries = 0 } };
        options.AddPolicy(failing, HttpPipelinePosition.PerCall);
        using (var archive = Archive())
        {
            var error = await Assert.ThrowsAsync<RestoreInterruptedException>(() =>
                new ArchiveRestorer(new TableServiceClient(TestEnvironment.StorageConnection, options), Quiet).RestoreAsync(archive, overwrite: false, _ => ValueTask.CompletedTask, CancellationToken.None));
            Assert.Equal(_source[1].Table, error.Table);
            Assert.Contains("the store went away", error.Message, StringComparison.Ordinal);
        }

        // Writes already sent when the first one failed may finish; none is started after it.
        Assert.InRange(failing.SentAfterFirstFailure, 0, ArchiveRestorer.InFlight);
        var restorer = new ArchiveRestorer(_tables, Quiet);
        var nonEmpty = await restorer.NonEmptyTablesAsync(CancellationToken.None);
        Assert.Contains(_source[0].Table, nonEmpty);
        Assert.Contains(_source[1].Table, nonEmpty);
        Assert.True(await CountAsync(_source[1].Table) < _source[1].Rows.Length);

        using (var again = Archive())
        {
            await restorer.RestoreAsync(again, overwrite: true, _ => ValueTask.CompletedTask, CancellationToken.None);
        }

        await AssertHoldsExactlyAsync();
    }

    private static Progress Quiet => new(TextWriter.Null, interactive: false);

    private static TableEntity Row(string partition, int index) => new(partition, $"{index:D6}")
    {
        ["Text"] = $"row {index} of {partition}",
        ["Number"] = index,
        ["Big"] = (long)index << 40,
        ["Time"] = new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero).AddTicks(index * 12_345L),
        ["Data"] = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(partition + index)),
        ["Flag"] = index % 2 == 0,
    };

    private ArchiveReader Archive()
    {
        var bytes = new MemoryStream();
        using (var writer = new ArchiveWriter(bytes, Key, new ArchiveManifest(DateTimeOffset.UtcNow, "kagi", null)))
        {
            foreach (var (table, rows) in _source)
            {
                writer.BeginTable(table);
                foreach (var row in rows)
                {
                    writer.WriteRow(row);
                }

                writer.EndTable();
            }

            writer.Complete();
        }

        return new ArchiveReader(new MemoryStream(bytes.ToArray()), Key);
    }

    private async Task AssertHoldsExactlyAsync()
    {
        foreach (var (table, rows) in _source)
        {
            var stored = new List<TableEntity>();
            await foreach (var row in _tables.GetTableClient(table).QueryAsync<TableEntity>())
            {
                stored.Add(row);
            }

            Assert.Equal(rows.Length, stored.Count);
            var byKey = stored.ToDictionary(r => (r.PartitionKey, r.RowKey));
            foreach (var expected in rows)
            {
                var actual = byKey[(expected.PartitionKey, expected.RowKey)];
                Assert.Equal(expected.GetString("Text"), actual.GetString("Text"));
                Assert.Equal(expected.GetInt32("Number"), actual.GetInt32("Number"));
                Assert.Equal(expected.GetInt64("Big"), actual.GetInt64("Big"));
                Assert.Equal(expected.GetDateTimeOffset("Time"), actual.GetDateTimeOffset("Time"));
                Assert.Equal(expected.GetBinary("Data"), actual.GetBinary("Data"));
                Assert.Equal(expected.GetBoolean("Flag"), actual.GetBoolean("Flag"));
                Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Where(k => k is not ("Timestamp" or "odata.etag")).Order(StringComparer.Ordinal));
            }
        }
    }

    private async Task<int> CountAsync(string table)
    {
        var rows = 0;
        await foreach (var _ in _tables.GetTableClient(table).QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            rows++;
        }

        return rows;
    }

    /// <summary>Lets the first <c>writes</c> writes through, then fails every later one as an unreachable store would.</summary>
    private sealed class FailWritesAfter(int writes) : HttpPipelinePolicy
    {
        private int _sent;
        private int _afterFailure;

        public int SentAfterFirstFailure => _afterFailure;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (message.Request.Method != RequestMethod.Get)
            {
                var sent = Interlocked.Increment(ref _sent);
                if (sent > writes + 1)
                {
                    Interlocked.Increment(ref _afterFailure);
                }

                if (sent > writes)
                {
                    throw new RequestFailedException(503, "the store went away (injected by the test)");
                }
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
