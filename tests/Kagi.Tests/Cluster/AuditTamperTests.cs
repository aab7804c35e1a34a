using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Hosting;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Rows are edited, deleted, reordered and cut off directly in the table store (Azurite), behind
/// Kagi's back; the verification catches each and names the record.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class AuditTamperTests(KagiClusterFixture fixture)
{
    private const int Events = 150;
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TableClient _rows = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.AuditTable);

    private async Task<(IAuditLogGrain Log, Caller Auditor, string TenantId)> LogWithEventsAsync()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Tamper", "admin", TenantWorld.AdminPassword));
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        // Concurrent appends: group commit stores them in batches, still one gap-free chain.
        var sequences = await Task.WhenAll(Enumerable.Range(1, Events).Select(i =>
            log.AppendAsync(new AuditEvent(Now.AddSeconds(i), "alice", "account.checkout", "db", AuditResults.Success, "10.0.0.1", $"event {i}"))));
        Assert.Equal(Enumerable.Range(1, Events).Select(i => (long?)i), sequences.Order());
        return (log, new Caller(tenantId, "dave", [KagiRoles.Auditor], null), tenantId);
    }

    private static string RowKey(long sequence) => AuditRecordEntity.RowKeyOf(sequence);

    private static string Partition(string tenantId, long sequence) => AuditPartitions.Of(tenantId, sequence);

    [Fact]
    public async Task An_untouched_log_verifies_with_every_record_and_a_signed_checkpoint()
    {
        var (log, auditor, _) = await LogWithEventsAsync();

        var result = await log.VerifyAsync(auditor);

        Assert.True(result.Valid, $"{result.Problem} at {result.FirstBroken}");
        Assert.Equal(Events, result.Records);
        Assert.True(result.Checkpoints >= 1);
    }

    [Fact]
    public async Task A_row_edited_in_the_table_store_is_caught_and_named()
    {
        var (log, auditor, tenantId) = await LogWithEventsAsync();
        var row = (await _rows.GetEntityAsync<TableEntity>(Partition(tenantId, 40), RowKey(40))).Value;
        row["Actor"] = "mallory";
        await _rows.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var result = await log.VerifyAsync(auditor);

        Assert.False(result.Valid);
        Assert.Equal(40, result.FirstBroken);
        Assert.Equal(AuditBreaks.Altered, result.Problem);
    }

    [Fact]
    public async Task A_row_deleted_from_the_table_store_is_caught_and_named()
    {
        var (log, auditor, tenantId) = await LogWithEventsAsync();
        await _rows.DeleteEntityAsync(Partition(tenantId, 40), RowKey(40));

        var result = await log.VerifyAsync(auditor);

        Assert.False(result.Valid);
        Assert.Equal(40, result.FirstBroken);
        Assert.Equal(AuditBreaks.Missing, result.Problem);
    }

    [Fact]
    public async Task Rows_reordered_in_the_table_store_are_caught_and_named()
    {
        var (log, auditor, tenantId) = await LogWithEventsAsync();
        var first = (await _rows.GetEntityAsync<TableEntity>(Partition(tenantId, 40), RowKey(40))).Value;
        var second = (await _rows.GetEntityAsync<TableEntity>(Partition(tenantId, 41), RowKey(41))).Value;
        (first.RowKey, second.RowKey) = (second.RowKey, first.RowKey);
        await _rows.UpsertEntityAsync(first, TableUpdateMode.Replace);
        await _rows.UpsertEntityAsync(second, TableUpdateMode.Replace);

        var result = await log.VerifyAsync(auditor);

        Assert.False(result.Valid);
        Assert.Equal(40, result.FirstBroken);
        Assert.Equal(AuditBreaks.OutOfOrder, result.Problem);
    }

    [Fact]
    public async Task Newest_rows_cut_off_in_the_table_store_are_caught_and_named()
    {
        var (log, auditor, tenantId) = await LogWithEventsAsync();
        for (var sequence = 120L; sequence <= Events; sequence++)
        {
            await _rows.DeleteEntityAsync(Partition(tenantId, sequence), RowKey(sequence));
        }

        var result = await log.VerifyAsync(auditor);

        Assert.False(result.Valid);
        Assert.Equal(120, result.FirstBroken);
        Assert.Equal(AuditBreaks.Truncated, result.Problem);
    }

    [Fact]
    public async Task A_row_rewritten_and_relinked_with_valid_hashes_is_caught_by_the_signed_checkpoint()
    {
        var (log, auditor, tenantId) = await LogWithEventsAsync();
        var checkpoints = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.AuditCheckpointTable);
        var pinned = checkpoints.Query<AuditCheckpointEntity>(c => c.PartitionKey == tenantId).First();
        var row = (await _rows.GetEntityAsync<AuditRecordEntity>(Partition(tenantId, pinned.Sequence), RowKey(pinned.Sequence))).Value;
        var rewritten = Kagi.Domain.Audit.AuditChain.Link(row.Sequence, row.ToRecord().Event with { Actor = "mallory" }, row.PreviousHash);
        var replaced = AuditRecordEntity.From(tenantId, rewritten);
        await _rows.UpsertEntityAsync(replaced, TableUpdateMode.Replace);
        if (pinned.Sequence < Events)
        {
            // Relink the next row too, so only the checkpoint can tell.
            var next = (await _rows.GetEntityAsync<AuditRecordEntity>(Partition(tenantId, pinned.Sequence + 1), RowKey(pinned.Sequence + 1))).Value.ToRecord();
            var relinked = Kagi.Domain.Audit.AuditChain.Link(next.Sequence, next.Event, rewritten.Hash);
            await _rows.UpsertEntityAsync(AuditRecordEntity.From(tenantId, relinked), TableUpdateMode.Replace);
        }

        var result = await log.VerifyAsync(auditor);

        Assert.False(result.Valid);
        Assert.Equal(pinned.Sequence, result.FirstBroken);
        Assert.Equal(AuditBreaks.CheckpointMismatch, result.Problem);
    }

    [Fact]
    public async Task Another_tenant_cannot_verify_the_log()
    {
        var (log, _, _) = await LogWithEventsAsync();

        var e = await Assert.ThrowsAsync<Kagi.Errors.KagiException>(() => log.VerifyAsync(new Caller("other", "dave", [KagiRoles.Auditor], null)));
        Assert.Equal(Kagi.Errors.ProblemCode.NotFound, e.Code);
    }
}
