using Kagi.Audit;
using Kagi.Errors;
using Kagi.Notifications;
using Kagi.Siem;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Issue 10, item 6, on a fake audit clock: an admin's shorter retention waits seven days with every
/// admin told, then takes effect; the purge still keeps what the retention before it kept. The operator
/// may let it take effect at once; nobody else may.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class AuditSettingsDelayTests(FakeClockClusterFixture fixture)
{
    private static DateTimeOffset Now => FakeClockClusterFixture.Clock.GetUtcNow();

    [Fact]
    public async Task A_shorter_retention_takes_effect_after_seven_days_and_the_purge_keeps_what_the_old_retention_kept()
    {
        var (log, admin) = await OpenAsync();
        await AppendAsync(log, 40, "old");
        FakeClockClusterFixture.Clock.Advance(TimeSpan.FromDays(100));
        await AppendAsync(log, 10, "recent");
        var changedAt = Now;

        var answered = await fixture.Grains.SetAuditSettingsAsync(admin.TenantId, admin, new AuditSettings(30));

        Assert.Equal(365, answered.RetentionDays);
        Assert.Equal((30, "alice", changedAt.AddDays(7)), (answered.Pending!.RetentionDays, answered.Pending.RequestedBy, answered.Pending.EffectiveAt));
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);
        Assert.Contains(await outbox.ListAllAsync(admin, null), d => d.Event == NotificationEvents.AuditSettingsPending && d.Recipient.Contains("alice", StringComparison.Ordinal));

        FakeClockClusterFixture.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await log.PurgeExpiredAsync()).Purged);
        Assert.Equal(365, (await log.GetSettingsAsync(admin)).RetentionDays);

        FakeClockClusterFixture.Clock.Advance(TimeSpan.FromMinutes(2));
        // Due now: the purge takes the change first, and still removes nothing the old retention kept.
        Assert.Equal(0, (await log.PurgeExpiredAsync()).Purged);
        var inForce = await log.GetSettingsAsync(admin);
        Assert.Equal(30, inForce.RetentionDays);
        Assert.Null(inForce.Pending);
        var effective = (await log.QueryAsync(admin, new AuditFilter { Kind = "settings.audit.effective" }, null, 10)).Records;
        Assert.Equal(Caller.SystemName, Assert.Single(effective).Event.Actor);

        // 40 days later the 107-day-old records are still kept (written under 365 days)…
        FakeClockClusterFixture.Clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal(0, (await log.PurgeExpiredAsync()).Purged);
        // …until they are a year old; the records written 100 days later stay for their own year.
        FakeClockClusterFixture.Clock.Advance(changedAt.AddDays(266) - Now);
        var purge = await log.PurgeExpiredAsync();
        Assert.True(purge.Purged >= 40, $"purged {purge.Purged}");
        var kept = (await log.QueryAsync(admin, new AuditFilter { Kind = "test.event" }, null, 100)).Records;
        Assert.Equal(10, kept.Length);
        Assert.All(kept, r => Assert.Equal("recent", r.Event.Detail));
        Assert.True((await log.VerifyAsync(admin)).Valid);
    }

    [Fact]
    public async Task A_removed_destination_waits_unless_the_operator_approves_and_an_added_one_and_a_longer_retention_apply_at_once()
    {
        var (log, admin) = await OpenAsync();
        var soc = new SiemDestination("soc", SiemKinds.Syslog, "127.0.0.1", 9, false, null);
        var lake = soc with { Id = "lake", Port = 10 };

        var added = await log.SetSettingsAsync(admin, new AuditSettings(400) { Siem = [soc] });
        Assert.Equal((400, "soc"), (added.RetentionDays, Assert.Single(added.Siem).Id));
        Assert.Null(added.Pending);

        var swapped = await log.SetSettingsAsync(admin, new AuditSettings(400) { Siem = [lake] });
        Assert.Equal(["soc", "lake"], swapped.Siem.Select(d => d.Id));
        Assert.Equal("lake", Assert.Single(swapped.Pending!.Siem).Id);

        var refused = await Assert.ThrowsAsync<KagiException>(() => log.ApprovePendingSettingsAsync(admin));
        Assert.Equal(ProblemCode.Forbidden, refused.Code);
        Assert.NotNull((await log.GetSettingsAsync(admin)).Pending);

        var approved = await log.ApprovePendingSettingsAsync(Caller.Operator(admin.TenantId, null));
        Assert.Equal("lake", Assert.Single(approved.Siem).Id);
        Assert.Null(approved.Pending);
        var record = Assert.Single((await log.QueryAsync(admin, new AuditFilter { Kind = "settings.audit.effective" }, null, 10)).Records);
        Assert.Equal((Caller.OperatorName, true), (record.Event.Actor, record.Event.Detail!.Contains("approved by the operator", StringComparison.Ordinal)));
        var none = await Assert.ThrowsAsync<KagiException>(() => log.ApprovePendingSettingsAsync(Caller.Operator(admin.TenantId, null)));
        Assert.Equal(ProblemCode.NotFound, none.Code);
    }

    private async Task<(IAuditLogGrain Log, Caller Admin)> OpenAsync()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Delay", "alice", TenantWorld.AdminPassword));
        return (fixture.Grains.GetGrain<IAuditLogGrain>(tenantId), new Caller(tenantId, "alice", [KagiRoles.Admin], null));
    }

    private static async Task AppendAsync(IAuditLogGrain log, int count, string detail) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            log.AppendAsync(new AuditEvent(Now, "alice", "test.event", null, AuditResults.Success, null, detail))));
}
