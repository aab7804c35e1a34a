using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Frontend.Features.Audit;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Exporting a long log streams it: the live heap (measured after full collections while the
/// export is being written) stays small however many events flow through.
/// </summary>
[Collection(AloneClusterGroup.Name)]
public sealed class AuditExportTests(KagiClusterFixture fixture)
{
    private const int Events = 100_000;
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_hundred_thousand_events_export_as_csv_in_bounded_memory()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await SeedAsync(tenantId);
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        var auditor = new Caller(tenantId, "dave", [KagiRoles.Auditor], null);
        await using var sink = new HeapSamplingSink();

        await AuditExportWriter.WriteAsync(AuditExportWriter.Csv, AuditPager.ReadAllAsync(log, auditor, AuditFilter.All, CancellationToken.None), sink, CancellationToken.None);

        Assert.Equal(Events + 1, sink.Lines);
        Assert.StartsWith("100000,", sink.FirstDataLine, StringComparison.Ordinal);
        Assert.StartsWith("1,", sink.LastLine, StringComparison.Ordinal);
        // If the export were collected before writing, the heap would hold at least the text (as
        // UTF-16, twice its bytes); streaming holds about one page of records.
        Assert.True(sink.Bytes > 40_000_000, $"exported {sink.Bytes} bytes");
        Assert.True(sink.PeakGrowth < 16_000_000, $"live heap grew by {sink.PeakGrowth:N0} bytes while exporting {sink.Bytes:N0} bytes");
    }

    [Fact]
    public async Task Filters_select_by_account_request_actor_result_kind_and_time()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        var store = new TableAuditStore(new TableServiceClient(TestEnvironment.StorageConnection));
        var events = new[]
        {
            new AuditEvent(Start, "bob", "auth.login", "bob", AuditResults.Success, null, null),
            new AuditEvent(Start.AddMinutes(1), "bob", "account.checkout", "db", AuditResults.Success, null, null) { AccountId = "db", RequestId = "r1" },
            new AuditEvent(Start.AddMinutes(2), "carol", "request.approve", "r2", AuditResults.Failure, null, null) { RequestId = "r2" },
            new AuditEvent(Start.AddMinutes(3), "kagi:system", "account.rotate", "db", AuditResults.Success, null, null) { AccountId = "db" },
        };
        await store.AppendBatchAsync(tenantId, AuditChains.Link(events, 1, AuditChain.GenesisHash), CancellationToken.None);
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        var auditor = new Caller(tenantId, "dave", [KagiRoles.Auditor], null);

        async Task<long[]> Sequences(AuditFilter filter) => [.. (await log.QueryAsync(auditor, filter, null, 100)).Records.Select(r => r.Sequence)];

        Assert.Equal(new long[] { 4, 3, 2, 1 }, await Sequences(AuditFilter.All));
        Assert.Equal(new long[] { 4, 2 }, await Sequences(new AuditFilter(AccountId: "db")));
        Assert.Equal(new long[] { 2 }, await Sequences(new AuditFilter(RequestId: "r1")));
        Assert.Equal(new long[] { 2, 1 }, await Sequences(new AuditFilter(Actor: "bob")));
        Assert.Equal(new long[] { 3 }, await Sequences(new AuditFilter(Result: AuditResults.Failure)));
        Assert.Equal(new long[] { 1 }, await Sequences(new AuditFilter(Kind: AuditKinds.Authentication)));
        Assert.Equal(new long[] { 4, 3, 2 }, await Sequences(new AuditFilter(Kind: AuditKinds.Operation)));
        Assert.Equal(new long[] { 3, 2 }, await Sequences(new AuditFilter(From: Start.AddMinutes(1), To: Start.AddMinutes(3))));
        var firstPage = await log.QueryAsync(auditor, new AuditFilter(AccountId: "db"), null, 1);
        Assert.Equal(4, firstPage.NextBeforeSequence);
        Assert.Equal(new long[] { 2 }, (await log.QueryAsync(auditor, new AuditFilter(AccountId: "db"), firstPage.NextBeforeSequence, 1)).Records.Select(r => r.Sequence));
    }

    private static Task SeedAsync(string tenantId)
    {
        var detail = new string('x', 300);
        return AuditChains.SeedAsync(tenantId, Events, i =>
            new AuditEvent(Start.AddSeconds(i), "alice", "account.checkout", "db", AuditResults.Success, "10.0.0.7", detail) { AccountId = "db", RequestId = $"r{i}" });
    }

    /// <summary>Discards what it is given, counting lines, and samples the live heap (after a full
    /// collection) every megabyte.</summary>
    private sealed class HeapSamplingSink : Stream
    {
        private const long SampleEvery = 1_000_000;
        private readonly long _baseline = GC.GetTotalMemory(forceFullCollection: true);
        private readonly System.Text.StringBuilder _line = new();
        private long _nextSample = SampleEvery;

        public long Bytes { get; private set; }

        public long Lines { get; private set; }

        public long PeakGrowth { get; private set; }

        public string FirstDataLine { get; private set; } = "";

        public string LastLine { get; private set; } = "";

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Bytes;

        public override long Position { get => Bytes; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            foreach (var b in buffer)
            {
                if (b == (byte)'\n')
                {
                    Lines++;
                    LastLine = _line.ToString();
                    if (Lines == 2)
                    {
                        FirstDataLine = LastLine;
                    }

                    _line.Clear();
                }
                else
                {
                    _line.Append((char)b);
                }
            }

            Bytes += buffer.Length;
            if (Bytes >= _nextSample)
            {
                _nextSample += SampleEvery;
                PeakGrowth = Math.Max(PeakGrowth, GC.GetTotalMemory(forceFullCollection: true) - _baseline);
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>A cluster for tests that measure the process (its live heap): they run after all
/// other collections, alone, so nothing else allocates meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneClusterGroup : ICollectionFixture<KagiClusterFixture>
{
    public const string Name = "Kagi cluster (alone)";
}
