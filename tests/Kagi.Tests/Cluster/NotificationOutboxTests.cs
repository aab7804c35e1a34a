using System.Collections.Immutable;
using System.Text.Json;
using Kagi.Domain.Notifications;
using Kagi.Identity;
using Kagi.Notifications;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using MimeKit;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// The outbox on a fake clock: a webhook that fails is retried after 30 s, then 60 s, its status
/// visible in between, until it succeeds; mail reaches a real SMTP server in the recipient's language;
/// the settings' secrets are re-sealed when the tenant's data key rotates.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class NotificationOutboxTests(FakeClockClusterFixture fixture)
{
    private const string Secret = "hook-secret-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => FakeClockClusterFixture.Clock;

    private static ImmutableDictionary<string, string> Parameters(params (string Key, string Value)[] pairs) =>
        pairs.ToImmutableDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private async Task<Caller> TenantAsync()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Notifications", "admin", TenantWorld.AdminPassword));
        return new Caller(tenantId, "admin", [KagiRoles.Admin], "10.0.0.1");
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_with_backoff_its_status_visible_until_it_is_sent()
    {
        var admin = await TenantAsync();
        await using var receiver = WebhookReceiver.Start(Secret, Clock.GetUtcNow, 500, 503);
        await fixture.Grains.GetGrain<INotificationSettingsGrain>(admin.TenantId)
            .SetAsync(admin, new NotificationSettings(null, [new WebhookSettings("soc", receiver.Url, Secret, [NotificationEvents.RequestApproved])]));
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);
        var enqueuedAt = Clock.GetUtcNow();

        var notificationId = await outbox.EnqueueAsync(admin, new NotificationRequest(NotificationEvents.RequestApproved, [], ToAdmins: false,
            Parameters(("requestId", "r-1"), ("decidedBy", "carol"))) { RequestId = "r-1" });

        // The outbox's own timer makes the first attempt at once.
        var first = await Eventually.Async(() => WebhookDeliveryAsync(outbox, admin), d => d.Attempts == 1, Patience);
        Assert.Equal((NotificationDelivery.Pending, "HTTP 500", enqueuedAt.AddSeconds(30)), (first.Status, first.LastError, first.NextAttemptAt));
        Assert.Equal((notificationId, "soc", "r-1", NotificationEvents.RequestApproved), (first.NotificationId, first.Recipient, first.RequestId, first.Event));
        Assert.Equal(0, await outbox.DeliverDueAsync(admin)); // not due before its time

        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await outbox.DeliverDueAsync(admin));
        var second = await WebhookDeliveryAsync(outbox, admin);
        Assert.Equal((NotificationDelivery.Pending, 2, "HTTP 503", enqueuedAt.AddSeconds(30 + 60)), (second.Status, second.Attempts, second.LastError, second.NextAttemptAt));
        Assert.Single(await outbox.ListAllAsync(admin, NotificationDelivery.Pending));

        Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await outbox.DeliverDueAsync(admin));
        var sent = await WebhookDeliveryAsync(outbox, admin);
        Assert.Equal((NotificationDelivery.Sent, 3, (string?)null, (DateTimeOffset?)null), (sent.Status, sent.Attempts, sent.LastError, sent.NextAttemptAt));
        Assert.Empty(await outbox.ListAllAsync(admin, NotificationDelivery.Pending));

        // Three signed POSTs of the same body under the same delivery id, each with its own timestamp.
        var requests = receiver.Requests;
        Assert.Equal([500, 503, 200], requests.Select(r => r.AnsweredWith));
        Assert.All(requests, r => Assert.True(r.Verified));
        Assert.All(requests, r => Assert.Equal((NotificationEvents.RequestApproved, sent.Id, requests[0].Body), (r.Event, r.Delivery, r.Body)));
        Assert.Equal(3, requests.Select(r => r.Timestamp).Distinct().Count());
        using var payload = JsonDocument.Parse(requests[0].Body);
        Assert.Equal((sent.Id, admin.TenantId, "r-1", "carol"), (payload.RootElement.GetProperty("id").GetString(), payload.RootElement.GetProperty("tenant").GetString(),
            payload.RootElement.GetProperty("requestId").GetString(), payload.RootElement.GetProperty("data").GetProperty("decidedBy").GetString()));
    }

    [Fact]
    public async Task Mail_goes_to_each_user_in_their_locale_and_users_without_an_address_are_recorded_as_failed()
    {
        var admin = await TenantAsync();
        var users = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.For(admin.TenantId, "akira"));
        await users.CreateAsync(admin, new NewUser(TenantWorld.UserPassword, [KagiRoles.Approver]) { Email = "akira@acme.test", Locale = UserLocales.Japanese, Groups = ["dba", "dba"] });
        await fixture.Grains.GetGrain<IUserGrain>(GrainKeys.For(admin.TenantId, "noaddress")).CreateAsync(admin, new NewUser(TenantWorld.UserPassword, [KagiRoles.Approver]));
        var directory = await fixture.Grains.GetGrain<ITenantInventoryGrain>(admin.TenantId).GetDirectoryAsync(admin);
        var akira = Assert.Single(directory, e => e.Username == "akira");
        Assert.Equal(("akira@acme.test", "ja", "dba"), (akira.Email, akira.Locale, string.Join(",", akira.Groups)));
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);
        var before = FakeClockClusterFixture.Mail.Messages.Count;

        await outbox.EnqueueAsync(admin, new NotificationRequest(NotificationEvents.RequestSubmitted, ["akira", "noaddress"], ToAdmins: false,
            Parameters(("requestId", "r-7"), ("requester", "bob"), ("accounts", "db-owner"), ("reason", "ディスク容量の調査"))));

        var email = await Eventually.Async(() => outbox.ListAllAsync(admin, null), list => list.Any(d => d.Status == NotificationDelivery.Sent), Patience);
        Assert.Equal("akira@acme.test", Assert.Single(email, d => d.Status == NotificationDelivery.Sent).Recipient);
        var skipped = Assert.Single(email, d => d.Status == NotificationDelivery.Failed);
        Assert.Equal(("user:noaddress", NotificationRecipients.NoEmail, 0), (skipped.Recipient, skipped.LastError, skipped.Attempts));
        var mail = await MimeMessage.LoadAsync(Assert.Single(FakeClockClusterFixture.Mail.Messages.Skip(before)));
        Assert.Equal("akira@acme.test", mail.To.Mailboxes.Single().Address);
        Assert.Equal("[Kagi] 承認依頼: bob さんの申請 r-7", mail.Subject);
        Assert.Contains("理由: ディスク容量の調査", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("utf-8", mail.BodyParts.OfType<TextPart>().Single().ContentType.Charset, ignoreCase: true);
    }

    [Fact]
    public async Task Enqueues_that_arrive_together_interleave_and_each_delivery_is_stored_and_sent_once()
    {
        // Every request step of a tenant enqueues here; one at a time they capped a tenant's submissions (issue 15, P5).
        var enqueue = typeof(INotificationOutboxGrain).GetMethod(nameof(INotificationOutboxGrain.EnqueueAsync))!;
        Assert.NotNull(enqueue.GetCustomAttributes(typeof(Orleans.Concurrency.AlwaysInterleaveAttribute), inherit: false).SingleOrDefault());
        var admin = await TenantAsync();
        await using var receiver = WebhookReceiver.Start(Secret, Clock.GetUtcNow);
        await fixture.Grains.GetGrain<INotificationSettingsGrain>(admin.TenantId)
            .SetAsync(admin, new NotificationSettings(null, [new WebhookSettings("soc", receiver.Url, Secret, [NotificationEvents.RequestApproved])]));
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);

        var ids = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => outbox.EnqueueAsync(admin, new NotificationRequest(NotificationEvents.RequestApproved, [],
            ToAdmins: false, Parameters(("requestId", $"r-{i}"), ("decidedBy", "carol"))) { RequestId = $"r-{i}" })));

        var sent = await Eventually.Async(() => outbox.ListAllAsync(admin, NotificationDelivery.Sent), list => list.Length >= 40, Patience);
        Assert.Equal(40, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), sent.Select(d => d.NotificationId).Order(StringComparer.Ordinal));
        Assert.Empty(await outbox.ListAllAsync(admin, NotificationDelivery.Pending));
        Assert.Equal(sent.Select(d => d.Id).Order(StringComparer.Ordinal), receiver.Requests.Select(r => r.Delivery).Order(StringComparer.Ordinal));
        Assert.All(receiver.Requests, r => Assert.True(r.Verified));
    }

    [Fact]
    public async Task An_unknown_event_is_refused_at_enqueue()
    {
        var admin = await TenantAsync();
        var refused = await Assert.ThrowsAsync<Kagi.Errors.KagiException>(() => fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId)
            .EnqueueAsync(admin, new NotificationRequest("request.exploded", ["admin"], ToAdmins: true, Parameters())));
        Assert.Equal(Kagi.Errors.ProblemCode.Invalid, refused.Code);
    }

    [Fact]
    public async Task Data_key_rotation_reseals_the_smtp_password_and_webhook_secrets_and_webhooks_still_sign()
    {
        var admin = await TenantAsync();
        await using var receiver = WebhookReceiver.Start(Secret, Clock.GetUtcNow);
        var settings = fixture.Grains.GetGrain<INotificationSettingsGrain>(admin.TenantId);
        await settings.SetAsync(admin, new NotificationSettings(
            new SmtpSettings("127.0.0.1", FakeClockClusterFixture.Mail.Port, SmtpSettings.None, true, "kagi@acme.test", "relay", "Relay-Password-77"),
            [new WebhookSettings("soc", receiver.Url, Secret, []), new WebhookSettings("lake", receiver.Url, Secret + "-lake", [NotificationEvents.ReportOverdue])]));
        var stored = await StoredGrainState.ReadAsync(fixture.Cluster.Options.ServiceId, admin.TenantId);
        Assert.DoesNotContain(stored, row => StoredGrainState.AsText(row).Contains(Secret, StringComparison.Ordinal) || StoredGrainState.AsText(row).Contains("Relay-Password-77", StringComparison.Ordinal));
        var keys = fixture.Grains.GetGrain<ITenantKeyGrain>(admin.TenantId);

        await fixture.Grains.RotateDataKeyAsync(admin.TenantId, admin);
        var done = await Eventually.Async(() => keys.GetStatusAsync(admin), s => !s.Reencrypting, TimeSpan.FromSeconds(30));

        Assert.Equal(3, done.LastReencryptedObjects);
        Assert.Equal(0, await settings.ResealAsync(admin));
        var view = await settings.GetAsync(admin);
        Assert.True(view.Smtp!.PasswordSet);
        Assert.All(view.Webhooks, w => Assert.True(w.SecretSet));
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);
        await outbox.EnqueueAsync(admin, new NotificationRequest(NotificationEvents.RequestEmergency, [], ToAdmins: false, Parameters(("requester", "bob"))));
        await Eventually.Async(() => outbox.ListAllAsync(admin, NotificationDelivery.Sent), list => list.Length == 1, Patience);
        Assert.True(Assert.Single(receiver.Requests).Verified); // only "soc" wants emergencies
    }

    [Fact]
    public async Task A_stored_password_or_secret_never_follows_a_changed_destination()
    {
        var admin = await TenantAsync();
        var settings = fixture.Grains.GetGrain<INotificationSettingsGrain>(admin.TenantId);
        var relay = new SmtpSettings("smtp.acme.test", 587, SmtpSettings.StartTls, false, "kagi@acme.test", "relay", "Relay-Password-77");
        var hook = new WebhookSettings("soc", "https://soc.acme.test/kagi", Secret, []);
        await settings.SetAsync(admin, new NotificationSettings(relay, [hook]));

        var movedRelay = await Assert.ThrowsAsync<Kagi.Errors.KagiException>(() => settings.SetAsync(admin,
            new NotificationSettings(relay with { Host = "mail.evil.test", Password = null }, [hook with { Secret = null }])));
        var movedHook = await Assert.ThrowsAsync<Kagi.Errors.KagiException>(() => settings.SetAsync(admin,
            new NotificationSettings(relay with { Password = null }, [hook with { Url = "https://collector.evil.test/", Secret = null }])));

        Assert.Equal(Kagi.Errors.ProblemCode.Invalid, movedRelay.Code);
        Assert.Contains("smtp.password must be given again", movedRelay.Message, StringComparison.Ordinal);
        Assert.Contains("secret must be given again", movedHook.Message, StringComparison.Ordinal);
        var kept = await settings.GetAsync(admin);
        Assert.Equal(("smtp.acme.test", "https://soc.acme.test/kagi"), (kept.Smtp!.Host, Assert.Single(kept.Webhooks).Url));
        var unchanged = await settings.SetAsync(admin, new NotificationSettings(relay with { Password = null, From = "alerts@acme.test" }, [hook with { Secret = null }]));
        Assert.True(unchanged.Smtp!.PasswordSet);
        Assert.Equal("alerts@acme.test", unchanged.Smtp.From);
        var movedWithPassword = await settings.SetAsync(admin, new NotificationSettings(relay with { Port = 465, Security = SmtpSettings.Tls }, [hook with { Url = "https://soc2.acme.test/" }]));
        Assert.Equal((465, "https://soc2.acme.test/"), (movedWithPassword.Smtp!.Port, Assert.Single(movedWithPassword.Webhooks).Url));
    }

    private static async Task<NotificationDelivery> WebhookDeliveryAsync(INotificationOutboxGrain outbox, Caller admin) =>
        Assert.Single(await outbox.ListAllAsync(admin, null), d => d.Channel == NotificationDelivery.Webhook);
}
