using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Hosting;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// The audit log's group commit near the end of a partition: concurrent appends that would fill one batch across
/// the boundary are stored in two, one per partition, and the log stays one gap-free chain that verifies.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class AuditPartitionBoundaryTests(KagiClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Appends_across_a_partition_boundary_are_split_there_and_the_chain_verifies()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        // The tenant's first records written straight to the store, as a long-lived log would have them.
        const int seeded = AuditPartitions.Size - 60;
        await AuditChains.SeedAsync(tenantId, seeded, i => new AuditEvent(Start.AddSeconds(i), "bob", "auth.login", "bob", AuditResults.Success, null, null));
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Boundary", "admin", TenantWorld.AdminPassword));
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);

        var sequences = await Task.WhenAll(Enumerable.Range(1, 150).Select(i =>
            log.AppendAsync(new AuditEvent(Start.AddHours(1).AddSeconds(i), "alice", "account.checkout", "db", AuditResults.Success, "10.0.0.1", $"event {i}"))));

        var stored = sequences.Select(s => s!.Value).Order().ToList();
        Assert.True(stored[0] > seeded && stored[0] <= AuditPartitions.Size, $"first append stored at {stored[0]}");
        Assert.True(stored[^1] > AuditPartitions.Size, $"last append stored at {stored[^1]}");
        Assert.Equal(150, stored.Distinct().Count());
        var rows = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.AuditTable);
        foreach (var sequence in new long[] { AuditPartitions.Size, AuditPartitions.Size + 1 })
        {
            Assert.Equal(sequence, (await rows.GetEntityAsync<AuditRecordEntity>(AuditPartitions.Of(tenantId, sequence), AuditRecordEntity.RowKeyOf(sequence))).Value.Sequence);
        }

        var result = await log.VerifyAsync(new Caller(tenantId, "dave", [KagiRoles.Auditor], null));
        Assert.True(result.Valid, $"{result.Problem} at {result.FirstBroken}");
        Assert.Equal(stored[^1], result.Records);
    }
}
