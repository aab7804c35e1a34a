using System.Diagnostics;
using System.Net;
using Kagi.Tests.Infrastructure;
using MimeKit;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Issue 14 over HTTP against the real processes: the operator's POST /api/incidents reaches every admin of each
/// tenant it names (mail through each tenant's own relay, a real SMTP server, in the admin's language, and the
/// tenant's signed webhook) within a minute; only the operator token may call it; a bad body is a 400 problem
/// naming what is wrong, an unknown tenant a 404, and neither tells anyone anything.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class IncidentsHttpTests(KagiDeployment kagi)
{
    private const string WebhookSecret = "e2e-incident-hook-secret-7d2";
    private static readonly string[] Admin = ["admin"];
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly object Title = new { en = "Restore from backup", ja = "復元作業" };

    private static readonly object Body = new
    {
        en = "Kagi was restored from a backup; it was unavailable from 10:00 to 10:05 UTC.",
        ja = "バックアップからの復元のため 10:00〜10:05 (UTC) は利用できませんでした。",
    };

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task The_operators_announcement_reaches_every_admin_of_the_tenants_named_in_their_languages_within_a_minute()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var firstHook = WebhookReceiver.Start(WebhookSecret, () => DateTimeOffset.UtcNow);
        await using var secondHook = WebhookReceiver.Start(WebhookSecret, () => DateTimeOffset.UtcNow);
        var first = await TenantWithAdminsAsync(sink, firstHook);
        var second = await TenantWithAdminsAsync(sink, secondHook);
        var id = "restore-" + Guid.NewGuid().ToString("N")[..8];
        var since = Stopwatch.StartNew();

        var announced = (await Api.PostAsync("/api/incidents", Announcement(id, first.Id, second.Id), Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(id, announced.Text("id"));
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal),
            announced.Json.GetProperty("announced").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal));
        foreach (var (tenant, hook) in new[] { (first, firstHook), (second, secondHook) })
        {
            var webhook = await Eventually.Async(() => Task.FromResult(hook.Requests), r => r.Any(x => x.Event == "incident.announced"), Minute);
            Assert.True(webhook.Single(x => x.Event == "incident.announced").Verified);
            Assert.Contains(id, webhook.Single(x => x.Event == "incident.announced").Body, StringComparison.Ordinal);
            var japanese = await MailToAsync(sink, $"hanako@{tenant.Id}.test");
            var english = await MailToAsync(sink, $"emma@{tenant.Id}.test");
            Assert.Equal("[Kagi] 障害のお知らせ: 復元作業", japanese.Subject);
            Assert.Contains($"テナント {tenant.Id} に影響する障害のお知らせです（お知らせ {id}、", japanese.TextBody, StringComparison.Ordinal);
            Assert.EndsWith("バックアップからの復元のため 10:00〜10:05 (UTC) は利用できませんでした。", (japanese.TextBody ?? "").TrimEnd(), StringComparison.Ordinal);
            Assert.Equal("[Kagi] Incident: Restore from backup", english.Subject);
            Assert.EndsWith("Kagi was restored from a backup; it was unavailable from 10:00 to 10:05 UTC.", (english.TextBody ?? "").TrimEnd(), StringComparison.Ordinal);
        }

        Assert.True(since.Elapsed < Minute, $"the announcement took {since.Elapsed} to reach mail and webhooks.");
        var again = (await Api.PostAsync("/api/incidents", Announcement(id, first.Id, second.Id), Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(again.Json.GetProperty("announced").EnumerateArray());
        Assert.Equal(2, again.Json.GetProperty("repeated").GetArrayLength());
        var audit = await ManagementAudit.LinesAsync(Api, first);
        Assert.Contains(audit, line => line.StartsWith($"kagi:operator incident.announce {id} success", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_operator_may_announce_and_bad_bodies_are_problems_that_tell_nobody()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var hook = WebhookReceiver.Start(WebhookSecret, () => DateTimeOffset.UtcNow);
        var tenant = await TenantWithAdminsAsync(sink, hook);
        var id = "outage-" + Guid.NewGuid().ToString("N")[..8];

        (await Api.PostAsync("/api/incidents", Announcement(id, tenant.Id), tenant.Admin)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.PostAsync("/api/incidents", Announcement(id, tenant.Id), null)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        var neither = (await Api.PostAsync("/api/incidents", new { id, title = Title, body = Body }, Api.OperatorToken)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("name the tenants, or set allTenants", neither.Body, StringComparison.Ordinal);
        (await Api.PostAsync("/api/incidents", new { id, title = Title, body = Body, tenants = new[] { tenant.Id }, allTenants = true }, Api.OperatorToken))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        var noJapanese = (await Api.PostAsync("/api/incidents", new { id, title = new { en = "Restore from backup" }, body = Body, tenants = new[] { tenant.Id } }, Api.OperatorToken))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("title.ja is required.", noJapanese.Body, StringComparison.Ordinal);
        (await Api.PostAsync("/api/incidents", Announcement("Not An Id!", tenant.Id), Api.OperatorToken)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.PostAsync("/api/incidents", Announcement(id, "Not A Tenant!"), Api.OperatorToken)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendRawAsync(HttpMethod.Post, "/api/incidents", "{\"id\": \"" + id + "\", \"title\": ", Api.OperatorToken)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        // A tenant that does not exist refuses the whole announcement, so the one that does hears nothing either.
        (await Api.PostAsync("/api/incidents", Announcement(id, tenant.Id, "no-such-tenant"), Api.OperatorToken)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");

        var deliveries = (await Api.GetAsync($"/api/t/{tenant.Id}/notifications", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("deliveries");
        Assert.DoesNotContain(deliveries.EnumerateArray(), d => d.GetProperty("event").GetString() == "incident.announced");
        Assert.Empty(hook.Requests);
        Assert.Empty(sink.Messages);
    }

    private static object Announcement(string id, params string[] tenants) => new { id, title = Title, body = Body, tenants };

    /// <summary>A tenant whose mail goes through its own relay (the sink) and whose webhook is <paramref name="hook"/>,
    /// with two more admins: hanako reads Japanese, emma English.</summary>
    private async Task<TenantScript> TenantWithAdminsAsync(SmtpSink sink, WebhookReceiver hook)
    {
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/notifications", new
        {
            smtp = new { host = "127.0.0.1", port = sink.Port, security = "none", from = "kagi@acme.test", allowInsecureLocalRelay = true },
            webhooks = new[] { new { id = "soc", url = hook.Url, secret = WebhookSecret } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        foreach (var (name, locale) in new[] { ("hanako", "ja"), ("emma", "en") })
        {
            (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = name, password = TenantScript.UserPassword, roles = Admin, email = $"{name}@{tenant.Id}.test", locale }, tenant.Admin))
                .ShouldBe(HttpStatusCode.Created);
        }

        return tenant;
    }

    private static async Task<MimeMessage> MailToAsync(SmtpSink sink, string address)
    {
        var files = await Eventually.Async(() => Task.FromResult(sink.Messages), _ => MailsTo(sink, address).Any(), Minute);
        Assert.NotEmpty(files);
        return MailsTo(sink, address).Last();
    }

    private static IEnumerable<MimeMessage> MailsTo(SmtpSink sink, string address) =>
        sink.Messages.Select(file => MimeMessage.Load(file)).Where(m => m.To.Mailboxes.Any(to => to.Address == address));
}
