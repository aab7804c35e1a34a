using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Kagi.Kagictl;
using Kagi.Kagictl.Archive;
using Kagi.Kagictl.Commands;
using Kagi.Kagictl.Storage;
using Kagi.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kagi.Tests.Backup;

/// <summary>
/// <c>kagictl backup --every 1h --keep 2 --tenant …</c> (RPO ≤ 1 h) against the tests' Azurite on a clock the test
/// moves: one archive per tick, named for the tick, each whole and holding the tenant's rows, only the newest two
/// kept, and the service stops cleanly when cancelled.
/// </summary>
public sealed class ScheduledBackupTests : IAsyncLifetime
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Start = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly OperatorKey _key = OperatorKey.FromBytes(RandomNumberGenerator.GetBytes(32));
    private readonly TableServiceClient _tables = new(TestEnvironment.StorageConnection);
    private readonly string _table = "KagiScheduled" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _tenant = "sched-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _directory = Directory.CreateTempSubdirectory("kagi-scheduled-").FullName;

    [Fact]
    public async Task Every_tick_writes_a_whole_archive_named_for_it_and_only_the_newest_ones_are_kept()
    {
        var rows = _tables.GetTableClient(_table);
        await rows.CreateAsync();
        foreach (var i in Enumerable.Range(0, 3))
        {
            await rows.AddEntityAsync(new TableEntity(_tenant, $"row-{i}") { ["Value"] = i });
        }

        await rows.AddEntityAsync(new TableEntity("someone-else", "row-0") { ["Value"] = 9 });
        var time = new FakeTimeProvider(Start);
        var lines = new SynchronizedLines();
        var progress = new Progress(lines, interactive: false);
        var writer = new BackupWriter(_tables, "kagi", new TenantScope(_tenant, "kagi"), progress, time);
        using var stop = new CancellationTokenSource();

        var service = Task.Run(() => new ScheduledBackup(writer, _key, _directory, _tenant, keep: 2, Every, progress, time).RunAsync(stop.Token));
        var watch = Stopwatch.StartNew();
        while (lines.Wrote.Count < 4)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), "the schedule stopped writing: " + string.Join(" | ", lines.All));
            var before = lines.Wrote.Count;
            // The first run needs no tick. A tick given before the service waits makes it wait for the next one:
            // then nothing is written within the few seconds, and the clock is moved again.
            if (before > 0)
            {
                time.Advance(Every);
            }

            var wait = Stopwatch.StartNew();
            while (lines.Wrote.Count == before && wait.Elapsed < TimeSpan.FromSeconds(3))
            {
                await Task.Delay(50);
            }
        }

        await stop.CancelAsync();
        await service;

        var written = lines.Wrote;
        // Each archive is named for a tick of the interval from the first run, later ones for later ticks.
        var ticks = written.Select(name => Enumerable.Range(0, 100).Single(k => Retention.FileName(Start + k * Every, _tenant) == name)).ToList();
        Assert.Equal(0, ticks[0]);
        Assert.Equal(ticks.Order(), ticks);
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
        var kept = Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(written.TakeLast(2), kept);
        Assert.Equal(written.Take(written.Count - 2).Order(StringComparer.Ordinal), lines.Deleted.Order(StringComparer.Ordinal));
        foreach (var name in kept)
        {
            var (manifest, counts) = ArchiveVerifier.Verify(Path.Combine(_directory, name!), _key, new Progress(TextWriter.Null, interactive: false));
            Assert.Equal((_tenant, 3L), (manifest.Tenant, counts[_table]));
            Assert.Equal(Retention.FileName(manifest.CreatedAt, _tenant), name);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _tables.DeleteTableAsync(_table);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The service's progress lines, written from its own task and read by the test.</summary>
    private sealed class SynchronizedLines : StringWriter
    {
        private readonly List<string> _lines = [];

        public List<string> All
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        /// <summary>The archives written, by file name, in order.</summary>
        public List<string> Wrote => Names("scheduled backup wrote ");

        public List<string> Deleted => Names("scheduled backup deleted ");

        public override void WriteLine(string? value)
        {
            lock (_lines)
            {
                _lines.Add(value ?? "");
            }
        }

        private List<string> Names(string prefix) =>
            [.. All.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => Path.GetFileName(l[prefix.Length..].Split(' ')[0].TrimEnd(':')))];
    }
}
