using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using MimeKit;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Break-glass over HTTP against the real processes: access at once, every admin alerted by mail in
/// their own language (through a real SMTP server the test starts) and by a webhook whose receiver
/// verifies the signature; approval afterwards and a mandatory post-work report.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class EmergencyAccessHttpTests(KagiDeployment kagi)
{
    private const string WebhookSecret = "emergency-webhook-secret-77a1";

    private static readonly string[] Admin = ["admin"];
    private static readonly string[] Emergencies = ["request.emergency"];
    private static readonly string[] Pg = ["pg"];
    private static readonly string[] Approvers = ["approver"];
    private static readonly string[] Owner = ["owner"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Emergency_access_is_granted_at_once_and_alerts_admins_by_mail_in_their_language_and_by_a_signed_webhook()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var receiver = WebhookReceiver.Start(WebhookSecret, () => DateTimeOffset.UtcNow);
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        (await Api.SendAsync(HttpMethod.Put, $"{t}/settings/notifications", new
        {
            smtp = new { host = "127.0.0.1", port = sink.Port, security = "none", allowInsecureLocalRelay = true, from = "kagi@acme.test" },
            webhooks = new[] { new { id = "soc", url = receiver.Url, secret = WebhookSecret, events = Emergencies } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        foreach (var (name, email, locale) in new[] { ("hanako", "hanako@acme.test", "ja"), ("george", "george@acme.test", "en") })
        {
            (await Api.PostAsync($"{t}/users", new { username = name, password = TenantScript.UserPassword, roles = Admin, email, locale }, tenant.Admin))
                .ShouldBe(HttpStatusCode.Created);
        }

        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("bg_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("bg_owner");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres", adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);

        var until = DateTimeOffset.UtcNow.AddHours(1);
        (await Api.PostAsync($"{t}/requests/emergency", new { accountIds = Owner, until, reason = "orders database is down" }, tenant.Bob))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden"); // the default workflow has no break-glass
        (await Api.SendAsync(HttpMethod.Put, $"{t}/workflows/prod", new
        {
            name = "Production",
            appliesTo = new { targets = Pg },
            steps = new[] { new { name = "approver", approvers = new { roles = Approvers }, quorum = "any" } },
            emergency = new { allowed = true, approvalWithin = "PT4H" },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        var granted = (await Api.PostAsync($"{t}/requests/emergency", new { accountIds = Owner, until, reason = "orders database is down" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created);
        var id = granted.Text("id");
        Assert.Equal("approved", granted.Text("status"));
        Assert.True(granted.Json.GetProperty("emergency").GetBoolean());
        Assert.False(granted.Json.GetProperty("approvedAfterTheFact").GetBoolean());
        Assert.Equal(JsonValueKind.String, granted.Json.GetProperty("reportDueAt").ValueKind);
        var checkout = (await Api.PostAsync($"{t}/accounts/owner/checkout", new { requestId = id }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.True(await PostgresRoles.CanLogInAsync(role, checkout.Text("password")));

        // Each admin with an address gets the alert in their own language.
        var files = await Eventually.Async(() => Task.FromResult(sink.Messages), messages => messages.Count >= 2, TimeSpan.FromSeconds(30));
        var mails = new List<MimeMessage>();
        foreach (var file in files)
        {
            mails.Add(await MimeMessage.LoadAsync(file));
        }

        var japanese = mails.Single(m => m.To.Mailboxes.Single().Address == "hanako@acme.test");
        Assert.Equal("[Kagi] 緊急アクセス: bob さんが緊急アクセスを使用しました", japanese.Subject);
        Assert.Contains("理由: orders database is down", japanese.TextBody, StringComparison.Ordinal);
        Assert.Contains(id, japanese.TextBody, StringComparison.Ordinal);
        var english = mails.Single(m => m.To.Mailboxes.Single().Address == "george@acme.test");
        Assert.Equal("[Kagi] EMERGENCY access used by bob", english.Subject);
        Assert.Contains("bob used emergency (break-glass) access to owner", english.TextBody, StringComparison.Ordinal);

        // The webhook receiver checks the HMAC signature and timestamp itself.
        var hook = await Eventually.Async(() => Task.FromResult(receiver.Requests), r => r.Count >= 1, TimeSpan.FromSeconds(30));
        var call = Assert.Single(hook);
        Assert.True(call.Verified, "the receiver verified the signature");
        Assert.Equal("request.emergency", call.Event);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal(id, body.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("bob", body.RootElement.GetProperty("data").GetProperty("requester").GetString());

        // Approval after the fact, and the report that emergency access always owes.
        var approved = (await Api.PostAsync($"{t}/requests/{id}/approve", new { comment = "incident INC-4471 confirmed" }, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        Assert.True(approved.Json.GetProperty("approvedAfterTheFact").GetBoolean());
        (await Api.PostAsync($"{t}/requests/{id}/report", new { text = "Restarted the primary; failover back at 10:42." }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var audit = (await Api.GetAsync($"{t}/audit?requestId={id}&limit=100", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Body;
        foreach (var action in new[] { "request.emergency", "request.emergency-alert", "request.approve", "report.file" })
        {
            Assert.Contains($"\"{action}\"", audit, StringComparison.Ordinal);
        }
    }
}
