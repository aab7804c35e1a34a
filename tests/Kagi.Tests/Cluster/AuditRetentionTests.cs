using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Errors;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>Retention under a fake clock: a purge removes what expired, records itself, and the chain
/// still verifies from its signed anchor.</summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class AuditRetentionTests(FakeClockClusterFixture fixture)
{
    private static DateTimeOffset Now => FakeClockClusterFixture.Clock.GetUtcNow();

    [Fact]
    public async Task A_purge_removes_records_older_than_a_year_and_the_chain_still_verifies_from_its_anchor()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Retention", "admin", TenantWorld.AdminPassword));
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        var auditor = new Caller(tenantId, "dave", [KagiRoles.Auditor], null);
        await AppendAsync(log, 250, "old");
        FakeClockClusterFixture.Clock.Advance(TimeSpan.FromDays(200));
        await AppendAsync(log, 30, "recent");

        Assert.Equal(0, (await log.PurgeExpiredAsync()).Purged); // nothing is a year old yet
        FakeClockClusterFixture.Clock.Advance(TimeSpan.FromDays(200));
        var purge = await log.PurgeExpiredAsync();

        Assert.Equal(250, purge.Purged);
        Assert.Equal(1, purge.FirstPurged);
        Assert.Equal(250, purge.LastPurged);
        var verification = await log.VerifyAsync(auditor);
        Assert.True(verification.Valid, $"{verification.Problem} at {verification.FirstBroken}");
        Assert.Equal(250, verification.AnchorSequence);
        Assert.Equal(31, verification.Records);
        var newest = (await log.ReadAsync(auditor, null, 1)).Records.Single();
        Assert.Equal(("kagi:system", "audit.purge", 281L), (newest.Event.Actor, newest.Event.Action, newest.Sequence));
        Assert.Contains("removed sequences 1..250", newest.Event.Detail, StringComparison.Ordinal);
        var page = await log.ReadAsync(auditor, null, 500);
        Assert.Equal(251, page.Records[^1].Sequence);
        Assert.All(page.Records.Where(r => r.Event.Action == "test.event"), r => Assert.Equal("recent", r.Event.Detail));

        // Purging again removes nothing more, and the anchor still catches a deleted oldest record.
        Assert.Equal(0, (await log.PurgeExpiredAsync()).Purged);
        await new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(Kagi.Hosting.KagiStorage.AuditTable)
            .DeleteEntityAsync(AuditPartitions.Of(tenantId, 251), AuditRecordEntity.RowKeyOf(251));
        var broken = await log.VerifyAsync(auditor);
        Assert.Equal(251, broken.FirstBroken);
        Assert.Equal(AuditBreaks.Missing, broken.Problem);
    }

    [Fact]
    public async Task A_longer_retention_keeps_records_the_default_would_purge_and_the_reminder_is_registered()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Retention", "admin", TenantWorld.AdminPassword));
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        var admin = new Caller(tenantId, "admin", [KagiRoles.Admin], null);
        await AppendAsync(log, 5, "old");

        Assert.Equal(365, (await log.GetSettingsAsync(admin)).RetentionDays);
        Assert.Equal(730, (await log.SetSettingsAsync(admin, new AuditSettings(730))).RetentionDays);
        var refused = await Assert.ThrowsAsync<KagiException>(() => log.SetSettingsAsync(admin, new AuditSettings(7)));
        Assert.Equal(ProblemCode.Invalid, refused.Code);
        FakeClockClusterFixture.Clock.Advance(TimeSpan.FromDays(400));

        Assert.Equal(0, (await log.PurgeExpiredAsync()).Purged);
        var reminders = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(Kagi.Silo.KagiSiloBuilder.RemindersTable);
        var rows = reminders.Query<TableEntity>().Select(r => ((IDictionary<string, object>)r).Values.OfType<string>().ToList())
            .Where(values => values.Any(v => v.Contains(tenantId, StringComparison.Ordinal))).ToList();
        Assert.Contains(rows, values => values.Contains(AuditLogGrain.PurgeReminder));
    }

    private static async Task AppendAsync(IAuditLogGrain log, int count, string detail)
    {
        for (var i = 0; i < count; i += 50)
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Min(50, count - i)).Select(_ =>
                log.AppendAsync(new AuditEvent(Now, "alice", "test.event", null, AuditResults.Success, null, detail))));
        }
    }
}
