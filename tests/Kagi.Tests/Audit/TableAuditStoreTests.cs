using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Hosting;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Audit;

/// <summary>
/// The audit store against Azurite, with a log that spans two partitions and still holds records of the earlier
/// layout (the tenant's whole log in one partition under its id): reads come newest first across all of them,
/// ranges and deletes reach both layouts, and a batch that would cross a partition is refused.
/// </summary>
public sealed class TableAuditStoreTests
{
    private static readonly DateTimeOffset Start = new(2030, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TableServiceClient _tables = new(TestEnvironment.StorageConnection);
    private readonly TableAuditStore _store;
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];

    public TableAuditStoreTests() => _store = new TableAuditStore(_tables);

    // Records 1..50 in the earlier layout, 9,951..10,050 in the two partitions either side of 10,000.
    private async Task SeedAsync()
    {
        await _store.ReadLatestAsync(_tenant, CancellationToken.None); // creates the tables
        var legacy = Records(1, 50);
        await _tables.GetTableClient(KagiStorage.AuditTable).SubmitTransactionAsync(legacy.Select(r =>
        {
            var entity = AuditRecordEntity.From(_tenant, r);
            entity.PartitionKey = _tenant;
            return new TableTransactionAction(TableTransactionActionType.Add, entity);
        }));
        await _store.AppendBatchAsync(_tenant, Records(9_951, 10_000), CancellationToken.None);
        await _store.AppendBatchAsync(_tenant, Records(10_001, 10_050), CancellationToken.None);
    }

    [Fact]
    public async Task Reads_come_newest_first_across_partitions_and_the_earlier_layout()
    {
        await SeedAsync();

        Assert.Equal(10_050, (await _store.ReadLatestAsync(_tenant, CancellationToken.None))!.Sequence);
        var expected = Sequences(10_050, 9_951).Concat(Sequences(50, 1)).ToList();
        Assert.Equal(expected, (await _store.ReadAsync(_tenant, null, 1_000, CancellationToken.None)).Select(r => r.Sequence));
        Assert.Equal(expected, await _store.ScanAsync(_tenant, CancellationToken.None).Select(p => p.Position).ToListAsync());
        Assert.Equal(Sequences(10_000, 9_991), (await _store.ReadAsync(_tenant, 10_001, 10, CancellationToken.None)).Select(r => r.Sequence));
        Assert.Equal(Sequences(9_952, 9_951).Concat(Sequences(50, 48)), (await _store.ReadAsync(_tenant, 9_953, 5, CancellationToken.None)).Select(r => r.Sequence));
        Assert.Equal([10_010, 9_960, 10], (await _store.QueryAsync(_tenant, new AuditFilter(RequestId: "r10"), null, 10, CancellationToken.None)).Select(r => r.Sequence));
        Assert.Equal(Sequences(9_990, 10_010), (await _store.ReadRangeAsync(_tenant, 9_990, 10_010, CancellationToken.None)).Select(r => r.Sequence));
        Assert.Equal(Sequences(9_960, 9_951).Concat(Sequences(50, 40)).Reverse(), (await _store.ReadRangeAsync(_tenant, 40, 9_960, CancellationToken.None)).Select(r => r.Sequence));
    }

    [Fact]
    public async Task Records_land_in_the_partition_of_their_sequence_and_a_batch_crossing_one_is_refused()
    {
        await SeedAsync();
        var rows = _tables.GetTableClient(KagiStorage.AuditTable);

        Assert.Equal(10_000, (await rows.GetEntityAsync<AuditRecordEntity>(AuditPartitions.Of(_tenant, 9_951), AuditRecordEntity.RowKeyOf(10_000))).Value.Sequence);
        Assert.Equal(10_001, (await rows.GetEntityAsync<AuditRecordEntity>(AuditPartitions.Of(_tenant, 10_050), AuditRecordEntity.RowKeyOf(10_001))).Value.Sequence);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.AppendBatchAsync(_tenant, Records(19_999, 20_001), CancellationToken.None));
        Assert.False((await rows.GetEntityIfExistsAsync<AuditRecordEntity>(AuditPartitions.Of(_tenant, 19_999), AuditRecordEntity.RowKeyOf(19_999))).HasValue);
        await Assert.ThrowsAsync<AuditSequenceTakenException>(() => _store.AppendBatchAsync(_tenant, Records(10_041, 10_060), CancellationToken.None));
        Assert.Equal(10_050, (await _store.ReadLatestAsync(_tenant, CancellationToken.None))!.Sequence);
    }

    [Fact]
    public async Task Deletes_reach_records_in_either_layout_and_again_are_harmless()
    {
        await SeedAsync();
        long[] purged = [.. Sequences(1, 50), .. Sequences(9_951, 9_960)];

        await _store.DeleteAsync(_tenant, purged, CancellationToken.None);
        await _store.DeleteAsync(_tenant, [.. Sequences(45, 50), .. Sequences(9_955, 9_965)], CancellationToken.None);

        var left = (await _store.ReadAsync(_tenant, null, 1_000, CancellationToken.None)).Select(r => r.Sequence).ToList();
        Assert.Equal(Sequences(10_050, 9_966), left);
    }

    private static IEnumerable<long> Sequences(long from, long to) =>
        from <= to ? Enumerable.Range(0, (int)(to - from + 1)).Select(i => from + i) : Enumerable.Range(0, (int)(from - to + 1)).Select(i => from - i);

    private static List<AuditRecord> Records(long first, long last) =>
        [.. Sequences(first, last).Select(s => AuditChain.Link(s,
            new AuditEvent(Start.AddSeconds(s), "alice", "account.checkout", "db", AuditResults.Success, "10.0.0.7", null) { RequestId = $"r{s % 50}" },
            AuditChain.GenesisHash))];
}
