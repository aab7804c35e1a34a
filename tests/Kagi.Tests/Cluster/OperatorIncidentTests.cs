using System.Diagnostics;
using Kagi.Audit;
using Kagi.Errors;
using Kagi.Incidents;
using Kagi.Notifications;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Issue 14, operator-wide: a KEK rotation is told to every tenant's admins, and one operator announcement reaches
/// the admins of the tenants it names (mail in each admin's language, webhook, in-app notice), is audited in each
/// tenant's log, is idempotent by its id, and reaches no tenant it did not name.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class OperatorIncidentTests(KagiClusterFixture fixture)
{
    private static readonly IncidentAnnouncement Outage = new("outage-" + Guid.NewGuid().ToString("N")[..8], "Storage outage", "ストレージ障害",
        "Sign-ins failed from 09:00 to 09:40 UTC. No data was lost.", "09:00〜09:40 (UTC) にサインインできませんでした。データの損失はありません。");

    private static Caller Operator => Caller.Operator(string.Empty, "192.0.2.1");

    private Task<IncidentWorld> WorldAsync(SmtpSink mail) => IncidentWorld.CreateAsync(fixture.Grains, mail, () => DateTimeOffset.UtcNow, ownRelay: true);

    [Fact]
    public async Task A_kek_rotation_is_told_to_the_admins_in_their_languages_within_a_minute()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var incident = await WorldAsync(mail);
        var since = Stopwatch.StartNew();

        var kek = await fixture.Grains.GetGrain<IKeyringGrain>(0).RotateKekAsync();

        var (japanese, english, _) = await incident.ToldAsync(NotificationEvents.SecurityKekRotated, since);
        Assert.Equal($"[Kagi] 鍵暗号化鍵がローテーションされました（{incident.TenantId}）", japanese.Subject);
        Assert.Contains($"バージョン {kek} にローテーションしました", japanese.TextBody, StringComparison.Ordinal);
        Assert.Equal($"[Kagi] Key-encryption key rotated ({incident.TenantId})", english.Subject);
        Assert.Contains(await incident.NoticesAsync("akira"), n => n.Kind == "kek-rotated");
    }

    [Fact]
    public async Task One_announcement_reaches_the_admins_of_the_two_tenants_named_and_not_a_third()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var first = await WorldAsync(mail);
        await using var second = await WorldAsync(mail);
        await using var third = await WorldAsync(mail);
        var broadcast = fixture.Grains.GetGrain<IIncidentBroadcastGrain>(0);
        var since = Stopwatch.StartNew();

        var result = await broadcast.AnnounceAsync(Operator, Outage, [first.TenantId, second.TenantId]);

        Assert.Equal(new[] { first.TenantId, second.TenantId }.Order(StringComparer.Ordinal), result.Announced.Order(StringComparer.Ordinal));
        Assert.Empty(result.Repeated);
        foreach (var told in new[] { first, second })
        {
            var (japanese, english, webhook) = await told.ToldAsync(NotificationEvents.IncidentAnnounced, since);
            Assert.Equal("[Kagi] 障害のお知らせ: ストレージ障害", japanese.Subject);
            Assert.EndsWith(Outage.BodyJa, (japanese.TextBody ?? "").TrimEnd(), StringComparison.Ordinal);
            Assert.Equal("[Kagi] Incident: Storage outage", english.Subject);
            Assert.EndsWith(Outage.BodyEn, (english.TextBody ?? "").TrimEnd(), StringComparison.Ordinal);
            Assert.Contains(Outage.Id, webhook.Body, StringComparison.Ordinal);
            Assert.Contains(await told.NoticesAsync("alice"), n => n.Kind == "incident" && n.Message == english.Subject);
            var audit = await fixture.Grains.GetGrain<IAuditLogGrain>(told.TenantId).ReadAsync(told.World.Admin, null, 50);
            Assert.Contains(audit.Records, r => r.Event.Action == "incident.announce" && r.Event.Actor == Caller.OperatorName && r.Event.Subject == Outage.Id
                && r.Event.Result == AuditResults.Success && r.Event.IpAddress == "192.0.2.1");
        }

        // The third tenant was not named: nothing was queued, sent or noted for it.
        Assert.Empty(await fixture.Grains.GetGrain<INotificationOutboxGrain>(third.TenantId).ListAllAsync(third.World.Admin, null));
        Assert.Empty(third.Receiver.Requests);
        Assert.DoesNotContain(await third.NoticesAsync("akira"), n => n.Kind == "incident");
        Assert.DoesNotContain(mail.Messages, file => File.ReadAllText(file).Contains(third.TenantId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Announcing_again_tells_nobody_twice_and_other_words_under_the_same_id_are_refused()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var told = await WorldAsync(mail);
        var broadcast = fixture.Grains.GetGrain<IIncidentBroadcastGrain>(0);
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(told.TenantId);
        var announcement = Outage with { Id = "restore-" + Guid.NewGuid().ToString("N")[..8] };
        Assert.Equal(new[] { told.TenantId }, (await broadcast.AnnounceAsync(Operator, announcement, [told.TenantId])).Announced.ToArray());
        var queued = (await outbox.ListAllAsync(told.World.Admin, null)).Length;

        var again = await broadcast.AnnounceAsync(Operator, announcement, [told.TenantId]);
        var changed = await Assert.ThrowsAsync<KagiException>(() => broadcast.AnnounceAsync(Operator, announcement with { BodyEn = "Something else." }, [told.TenantId]));

        Assert.Empty(again.Announced);
        Assert.Equal(new[] { told.TenantId }, again.Repeated.ToArray());
        Assert.Equal(ProblemCode.AlreadyExists, changed.Code);
        Assert.Equal(queued, (await outbox.ListAllAsync(told.World.Admin, null)).Length);
    }

    [Fact]
    public async Task An_unknown_tenant_named_refuses_the_whole_announcement_and_only_the_operator_may_announce()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var known = await WorldAsync(mail);
        var broadcast = fixture.Grains.GetGrain<IIncidentBroadcastGrain>(0);
        var announcement = Outage with { Id = "unknown-" + Guid.NewGuid().ToString("N")[..8] };

        var unknown = await Assert.ThrowsAsync<KagiException>(() => broadcast.AnnounceAsync(Operator, announcement, [known.TenantId, "nosuchtenant"]));
        var notOperator = await Assert.ThrowsAsync<KagiException>(() => broadcast.AnnounceAsync(known.World.Admin, announcement, [known.TenantId]));

        Assert.Equal((ProblemCode.NotFound, ProblemCode.Forbidden), (unknown.Code, notOperator.Code));
        Assert.DoesNotContain(await fixture.Grains.GetGrain<INotificationOutboxGrain>(known.TenantId).ListAllAsync(known.World.Admin, null),
            d => d.Event == NotificationEvents.IncidentAnnounced);
    }
}
