using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Notifications;
using Kagi.Siem;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Issue 14: each security event reaches the tenant's admins by mail (a real SMTP server) in Japanese and in
/// English and by a signed webhook within a minute, and leaves an in-app notice; a channel an admin turned
/// off for an event stays silent.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class SecurityIncidentTests(FakeClockClusterFixture fixture)
{
    private const string Wrong = "Not-The-Password-123";

    private static Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => FakeClockClusterFixture.Clock;

    private Task<IncidentWorld> WorldAsync() => IncidentWorld.CreateAsync(fixture.Grains, FakeClockClusterFixture.Mail, Clock.GetUtcNow);

    [Fact]
    public async Task A_user_locked_out_is_told_to_the_admins_in_their_languages_within_a_minute()
    {
        await using var incident = await WorldAsync();
        var world = incident.World;
        await world.AddUserAsync("bob", KagiRoles.User);
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { Threshold = 2 });
        var since = Stopwatch.StartNew();

        await world.SignInAsync("bob", Wrong, "203.0.113.9");
        await world.SignInAsync("bob", Wrong, "203.0.113.9");

        var (japanese, english, webhook) = await incident.ToldAsync(NotificationEvents.SecurityUserLocked, since);
        Assert.Equal($"[Kagi] セキュリティ警告: ユーザー bob がロックされました（{world.TenantId}）", japanese.Subject);
        Assert.Contains("2 回サインインに失敗したためロックされました。最後の試行は", japanese.TextBody, StringComparison.Ordinal);
        Assert.Equal($"[Kagi] SECURITY: user bob locked out ({world.TenantId})", english.Subject);
        Assert.Contains("after 2 failed sign-ins, the last from 203.0.113.9", english.TextBody, StringComparison.Ordinal);
        using var payload = JsonDocument.Parse(webhook.Body);
        Assert.Equal(("bob", "203.0.113.9"), (payload.RootElement.GetProperty("data").GetProperty("username").GetString(), payload.RootElement.GetProperty("data").GetProperty("ip").GetString()));
        var notice = Assert.Single(await incident.NoticesAsync("akira"), n => n.Kind == "user-locked");
        Assert.Equal(("203.0.113.9", japanese.Subject), (notice.IpAddress, notice.Message));
    }

    [Fact]
    public async Task A_spraying_source_blocked_is_told_within_a_minute()
    {
        await using var incident = await WorldAsync();
        var world = incident.World;
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { SprayUsers = 3 });
        var since = Stopwatch.StartNew();

        foreach (var name in new[] { "ann", "ben", "cat" })
        {
            await world.SignInAsync(name, "Spring-Password-2030", "198.51.100.66");
        }

        var (japanese, english, _) = await incident.ToldAsync(NotificationEvents.SecuritySourceBlocked, since);
        Assert.Equal($"[Kagi] セキュリティ警告: 198.51.100.66 からのサインインをブロックしました（{world.TenantId}）", japanese.Subject);
        Assert.Contains("198.51.100.66 から 3 個の異なるユーザー名で", japanese.TextBody, StringComparison.Ordinal);
        Assert.Equal($"[Kagi] SECURITY: sign-ins from 198.51.100.66 blocked ({world.TenantId})", english.Subject);
        Assert.Contains("failed for 3 different usernames", english.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_adaptive_auth_risk_alert_is_told_within_a_minute()
    {
        await using var incident = await WorldAsync();
        var world = incident.World;
        await world.AddUserAsync("bob", KagiRoles.User);
        Assert.NotNull((await world.SignInAsync("bob", SignInWorld.Password, "192.0.2.10")).Session); // learns the usual subnet
        await world.Security.SetAdaptiveAsync(world.Admin, new AdaptiveAuthSettings { Enabled = true, StepUpScore = 30, BlockScore = 80 });
        var since = Stopwatch.StartNew();

        var refused = await world.SignInAsync("bob", SignInWorld.Password, "203.0.113.7");

        Assert.Null(refused.Session);
        var (japanese, english, _) = await incident.ToldAsync(NotificationEvents.SecurityRiskAlert, since);
        Assert.Equal($"[Kagi] セキュリティ警告: bob さんとしての危険なサインインを拒否しました（{world.TenantId}）", japanese.Subject);
        Assert.Equal($"[Kagi] SECURITY: risky sign-in as bob refused ({world.TenantId})", english.Subject);
        Assert.Contains("from 203.0.113.7", english.TextBody, StringComparison.Ordinal);
        Assert.Contains("new-subnet", english.TextBody, StringComparison.Ordinal);
        Assert.Contains(await incident.NoticesAsync("alice"), n => n.Kind == "risk-alert" && n.IpAddress == "203.0.113.7");
    }

    [Fact]
    public async Task An_audit_chain_that_fails_the_daily_check_is_told_within_a_minute()
    {
        await using var incident = await WorldAsync();
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(incident.TenantId);
        var sequence = await log.AppendAsync(new AuditEvent(Clock.GetUtcNow(), "alice", "account.checkout", "db", AuditResults.Success, "10.0.0.1", "checked out"));
        Assert.True((await log.CheckChainAsync(Caller.System(incident.TenantId))).Valid);
        var rows = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.AuditTable);
        var row = (await rows.GetEntityAsync<TableEntity>(AuditPartitions.Of(incident.TenantId, sequence!.Value), AuditRecordEntity.RowKeyOf(sequence!.Value))).Value;
        row["Actor"] = "mallory";
        await rows.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        var since = Stopwatch.StartNew();

        var result = await log.CheckChainAsync(Caller.System(incident.TenantId));

        Assert.False(result.Valid);
        var (japanese, english, _) = await incident.ToldAsync(NotificationEvents.SecurityAuditChainBroken, since);
        Assert.Equal($"[Kagi] セキュリティ警告: テナント {incident.TenantId} の監査ログの検証に失敗しました", japanese.Subject);
        Assert.Contains($"シーケンス {sequence} で {AuditBreaks.Altered}", japanese.TextBody, StringComparison.Ordinal);
        Assert.Equal($"[Kagi] SECURITY: audit log of {incident.TenantId} fails verification", english.Subject);
        Assert.Contains($"{AuditBreaks.Altered} at sequence {sequence}", english.TextBody, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Kagi.Errors.KagiException>(() => log.CheckChainAsync(incident.World.Admin)); // Kagi's own check only
    }

    [Fact]
    public async Task A_siem_destination_failing_for_an_hour_is_told_to_the_admins_in_their_languages_within_a_minute()
    {
        await using var incident = await WorldAsync();
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(incident.TenantId);
        var forwarder = fixture.Grains.GetGrain<ISiemForwarderGrain>(GrainKeys.For(incident.TenantId, "lake"));
        // Nothing listens there: the real sender's connection is refused at every try.
        var unreachable = $"http://127.0.0.1:{LoopbackPorts.Unused()}/siem/ingest";
        await log.SetSettingsAsync(incident.World.Admin, new AuditSettings(365) { Siem = [new SiemDestination("lake", SiemKinds.Http, null, 0, false, unreachable)] });
        await log.AppendAsync(new AuditEvent(Clock.GetUtcNow(), "alice", "account.checkout", "db", AuditResults.Success, "10.0.0.1", "an event to forward"));
        var failing = await Eventually.Async(() => PersistedState.ReadAsync<SiemForwarderState>(fixture.Cluster, forwarder, "siem"), s => s.Outage is not null, TimeSpan.FromSeconds(30));
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(incident.TenantId);
        Assert.DoesNotContain(await outbox.ListAllAsync(incident.World.Admin, null), d => d.Event == NotificationEvents.SecuritySiemFailing);

        // The audit clock passes the hour; the forwarder's next retry (seconds away on the real clock) is still refused.
        Clock.Advance(SiemOutage.TellAfter);
        var since = Stopwatch.StartNew();

        var (japanese, english, webhook) = await incident.ToldAsync(NotificationEvents.SecuritySiemFailing, since);
        Assert.Equal($"[Kagi] セキュリティ警告: SIEM 送信先 lake への送信が 1 時間失敗しています（{incident.TenantId}）", japanese.Subject);
        var began = failing.Outage!.Since.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"{began} から SIEM 送信先 lake へ監査イベントを送信できていません。", japanese.TextBody, StringComparison.Ordinal);
        Assert.Equal($"[Kagi] SECURITY: SIEM destination lake failing for an hour ({incident.TenantId})", english.Subject);
        Assert.Contains($"SIEM destination lake since {began}.\nLast error: HttpRequestException", (english.TextBody ?? "").ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(unreachable, english.TextBody, StringComparison.Ordinal);
        using var payload = JsonDocument.Parse(webhook.Body);
        Assert.Equal("lake", payload.RootElement.GetProperty("data").GetProperty("destination").GetString());
        Assert.Contains(await incident.NoticesAsync("akira"), n => n.Kind == "siem-failing" && n.Message == japanese.Subject);
    }

    [Fact]
    public async Task An_event_an_admin_turned_off_goes_by_neither_channel_but_still_leaves_the_notice()
    {
        await using var incident = await WorldAsync();
        var world = incident.World;
        var settings = fixture.Grains.GetGrain<INotificationSettingsGrain>(world.TenantId);
        var stored = await settings.GetAsync(world.Admin);
        var view = await settings.SetAsync(world.Admin, new NotificationSettings(null, [new WebhookSettings("soc", incident.Receiver.Url, null, [])])
        {
            SecurityEvents = [new SecurityEventChoice(NotificationEvents.SecurityUserLocked, Email: false, Webhook: false),
                new SecurityEventChoice(NotificationEvents.SecuritySourceBlocked, Email: false, Webhook: true)],
        });
        Assert.Equal(NotificationEvents.Security, stored.SecurityEvents.Select(c => c.Event));
        Assert.Contains(new SecurityEventChoice(NotificationEvents.SecurityUserLocked, false, false), view.SecurityEvents);
        // Settings saved without choices (a client that does not know them) keep them.
        view = await settings.SetAsync(world.Admin, new NotificationSettings(null, [new WebhookSettings("soc", incident.Receiver.Url, null, [])]));
        Assert.Contains(new SecurityEventChoice(NotificationEvents.SecuritySourceBlocked, false, true), view.SecurityEvents);
        await world.AddUserAsync("bob", KagiRoles.User);
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { Threshold = 1, SprayUsers = 2 });

        await world.SignInAsync("bob", Wrong, "198.51.100.7");
        await world.SignInAsync("nobody", Wrong, "198.51.100.7");

        // Only the source block's webhook goes; the lock is in the admins' notices and nowhere else.
        await Eventually.Async(() => Task.FromResult(incident.Receiver.Requests), r => r.Any(x => x.Event == NotificationEvents.SecuritySourceBlocked), IncidentWorld.Minute);
        var deliveries = await fixture.Grains.GetGrain<INotificationOutboxGrain>(world.TenantId).ListAllAsync(world.Admin, null);
        Assert.DoesNotContain(deliveries, d => d.Event == NotificationEvents.SecurityUserLocked);
        Assert.Equal([NotificationDelivery.Webhook], deliveries.Where(d => d.Event == NotificationEvents.SecuritySourceBlocked).Select(d => d.Channel));
        Assert.DoesNotContain(incident.Receiver.Requests, r => r.Event == NotificationEvents.SecurityUserLocked);
        Assert.Contains(await incident.NoticesAsync("akira"), n => n.Kind == "user-locked");
    }
}
