using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using MimeKit;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Notifications over HTTP against real processes: a test mail through the tenant's own relay (a
/// real smtp-server) arrives in Japanese for a Japanese-speaking admin; a webhook receiver that
/// verifies the signature answers 500 first and sees the retry succeed; no secret ever comes back
/// in an answer or lands in the audit log.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class NotificationsHttpTests(KagiDeployment kagi)
{
    private const string WebhookSecret = "e2e-webhook-secret-4f1c9a";
    private const string SmtpPassword = "E2e-Relay-Password-93";

    private static readonly string[] Admin = ["admin"];
    private static readonly string[] User = ["user"];
    private static readonly string[] Dba = ["dba"];
    private static readonly string[] OpsAndDba = ["ops", "dba"];
    private static readonly string[] Emergencies = ["request.emergency"];
    private static readonly string[] DbaAndOps = ["dba", "ops"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Plain_smtp_to_a_relay_the_operator_did_not_allow_is_refused_with_a_422_problem()
    {
        // The deployment allows plain SMTP to 127.0.0.1 only (KAGI_SMTP_PLAINTEXT_HOSTS).
        var tenant = await TenantScript.OpenAsync(Api);
        foreach (var host in new[] { "127.0.0.2", "smtp.acme.test" })
        {
            var refused = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/notifications",
                new { smtp = new { host, port = 25, security = "none", from = "kagi@acme.test", allowInsecureLocalRelay = true } }, tenant.Admin))
                .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "insecure-connection");
            Assert.Contains("KAGI_SMTP_PLAINTEXT_HOSTS", refused.Text("detail"), StringComparison.Ordinal);
        }

        // The same relay with TLS is fine, and nothing plain was stored.
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/notifications",
            new { smtp = new { host = "smtp.acme.test", port = 587, security = "starttls", from = "kagi@acme.test" } }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_test_notification_reaches_a_japanese_admin_by_mail_in_japanese_through_the_tenants_relay()
    {
        await using var sink = await SmtpSink.StartAsync();
        var tenant = await TenantScript.OpenAsync(Api);
        var plain = new { host = "127.0.0.1", port = sink.Port, security = "none", from = "kagi@acme.test" };
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/notifications", new { smtp = plain }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid"); // plain SMTP only when explicitly allowed for a local relay
        var settings = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/notifications",
            new { smtp = new { plain.host, plain.port, plain.security, plain.from, allowInsecureLocalRelay = true } }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("none", settings.Json.GetProperty("smtp").GetProperty("security").GetString());
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new
        {
            username = "hanako", password = TenantScript.UserPassword, roles = Admin, email = "hanako@acme.test", locale = "ja", groups = Dba,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "ken", password = TenantScript.UserPassword, roles = User, locale = "fr" }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        var hanako = await Api.LoginAsync(tenant.Id, "hanako", TenantScript.UserPassword);

        var accepted = (await Api.PostAsync($"/api/t/{tenant.Id}/settings/notifications/test", null, hanako)).ShouldBe(HttpStatusCode.Accepted);

        var file = await Eventually.Async(() => Task.FromResult(sink.Messages), messages => messages.Count > 0, TimeSpan.FromSeconds(30));
        var mail = await MimeMessage.LoadAsync(Assert.Single(file));
        Assert.Equal("hanako@acme.test", mail.To.Mailboxes.Single().Address);
        Assert.Equal("kagi@acme.test", mail.From.Mailboxes.Single().Address);
        Assert.Equal($"[Kagi] テスト通知（{tenant.Id}）", mail.Subject);
        Assert.Contains($"これは Kagi からテナント {tenant.Id} へのテスト通知です。hanako さんが", mail.TextBody, StringComparison.Ordinal);
        var raw = await File.ReadAllTextAsync(file[0]);
        Assert.Contains("=?utf-8?", raw, StringComparison.OrdinalIgnoreCase); // the subject travels as RFC 2047 UTF-8 words
        var sent = await Eventually.Async(() => ListAsync(tenant, hanako, "sent"), list => list.Count == 1, TimeSpan.FromSeconds(10));
        Assert.Equal(("email", "hanako@acme.test", "notification.test", accepted.Text("notificationId")),
            (sent[0].GetProperty("channel").GetString(), sent[0].GetProperty("recipient").GetString(), sent[0].GetProperty("event").GetString(), sent[0].GetProperty("notificationId").GetString()));
    }

    [Fact]
    public async Task Users_set_their_own_address_and_language_but_only_admins_set_groups()
    {
        var tenant = await TenantScript.OpenAsync(Api);

        var own = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/bob/profile", new { email = "bob@acme.test", locale = "ja" }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(("bob@acme.test", "ja"), (own.Text("email"), own.Text("locale")));
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/bob/profile", new { groups = Dba }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/carol/profile", new { locale = "ja" }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/bob/profile", new { email = "bob at acme" }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");

        var byAdmin = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/bob/profile", new { groups = OpsAndDba }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(DbaAndOps, byAdmin.Json.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(("bob@acme.test", "ja"), (byAdmin.Text("email"), byAdmin.Text("locale")));
    }

    [Fact]
    public async Task A_webhook_that_fails_first_is_retried_and_shown_sent_and_no_secret_is_ever_revealed()
    {
        await using var receiver = WebhookReceiver.Start(WebhookSecret, () => DateTimeOffset.UtcNow, 500);
        var tenant = await TenantScript.OpenAsync(Api);
        var put = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/notifications", new
        {
            smtp = new { host = "127.0.0.1", port = LoopbackPorts.Unused(), security = "starttls", from = "kagi@acme.test", username = "relay-user", password = SmtpPassword },
            webhooks = new[] { new { id = "soc", url = receiver.Url + "?token=query-token-123", secret = WebhookSecret, events = Emergencies } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var read = (await Api.GetAsync($"/api/t/{tenant.Id}/settings/notifications", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.True(read.Json.GetProperty("smtp").GetProperty("passwordSet").GetBoolean());
        Assert.True(read.Json.GetProperty("webhooks")[0].GetProperty("secretSet").GetBoolean());
        (await Api.GetAsync($"/api/t/{tenant.Id}/settings/notifications", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");

        (await Api.PostAsync($"/api/t/{tenant.Id}/settings/notifications/test", null, tenant.Admin)).ShouldBe(HttpStatusCode.Accepted);

        var failedFirst = await Eventually.Async(() => WebhookAsync(tenant), d => d?.GetProperty("attempts").GetInt32() == 1, TimeSpan.FromSeconds(20));
        Assert.Equal(("pending", "HTTP 500"), (failedFirst!.Value.GetProperty("status").GetString(), failedFirst.Value.GetProperty("lastError").GetString()));
        Assert.Equal(JsonValueKind.String, failedFirst.Value.GetProperty("nextAttemptAt").ValueKind);
        var sent = await Eventually.Async(() => WebhookAsync(tenant), d => d?.GetProperty("status").GetString() == "sent", TimeSpan.FromSeconds(60));
        Assert.Equal(2, sent!.Value.GetProperty("attempts").GetInt32());
        Assert.Equal([500, 200], receiver.Requests.Select(r => r.AnsweredWith));
        Assert.All(receiver.Requests, r => Assert.True(r.Verified, "the receiver verified the signature and timestamp"));
        Assert.All(receiver.Requests, r => Assert.Equal(("notification.test", sent.Value.GetProperty("id").GetString()), (r.Event, r.Delivery)));
        var noAddress = Assert.Single(await ListAsync(tenant, tenant.Admin, "failed"));
        Assert.Equal(("user:alice", "user has no email address"), (noAddress.GetProperty("recipient").GetString(), noAddress.GetProperty("lastError").GetString()));

        var audit = (await Api.GetAsync($"/api/t/{tenant.Id}/audit/export?format=jsonl", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("settings.notifications", audit.Body, StringComparison.Ordinal);
        var everything = string.Join("\n", put.Body, read.Body, audit.Body, (await Api.GetAsync($"/api/t/{tenant.Id}/notifications", tenant.Admin)).Body);
        foreach (var secret in new[] { WebhookSecret, SmtpPassword })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        // The admin sees the URL they set; the audit record keeps it without its query, which may hold a token.
        Assert.Contains(receiver.Url, audit.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("query-token-123", audit.Body, StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> ListAsync(TenantScript tenant, string token, string? status) =>
        [.. (await Api.GetAsync($"/api/t/{tenant.Id}/notifications" + (status is null ? "" : "?status=" + status), token)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("deliveries").EnumerateArray()];

    private async Task<JsonElement?> WebhookAsync(TenantScript tenant) =>
        (await ListAsync(tenant, tenant.Admin, null)).Cast<JsonElement?>().SingleOrDefault(d => d!.Value.GetProperty("channel").GetString() == "webhook");
}
