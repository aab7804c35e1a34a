using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Issue 14: Prometheus metrics and the Orleans Dashboard, through the real processes. The silo's operator listener
/// and the Frontend's <c>/operator/metrics</c> answer the operator token and nobody else; Kagi's meter, recorded in
/// the grains, moves with what people do.
/// </summary>
[Collection(ObservedKagiGroup.Name)]
public sealed class OperatorMetricsTests(ObservedKagi kagi)
{
    private static readonly TimeSpan MetricsWait = TimeSpan.FromSeconds(20);

    private KagiApi Api => kagi.Api;

    private string Operator => "Bearer " + Api.OperatorToken;

    [Fact]
    public async Task After_a_sign_in_and_a_check_out_the_silos_scrape_shows_kagis_counters_moved()
    {
        var before = await SiloMetricsAsync();
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "bob", password = "Not-Bobs-Password-1" }, null)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_met_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("e2e_met_owner");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var requestId = (await Api.PostAsync($"/api/t/{tenant.Id}/requests", new { accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "metrics" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        // Checking in rotates the password.
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkin", null, tenant.Bob)).ShouldBe(HttpStatusCode.OK);

        // TenantScript signed in four people; the wrong password above is one refusal.
        var after = await WaitForAsync(text => Count(text, "kagi_signins_total", "outcome=\"success\"") >= Count(before, "kagi_signins_total", "outcome=\"success\"") + 4
            && Count(text, "kagi_checkouts_total", "account_kind=\"standing\"") >= Count(before, "kagi_checkouts_total", "account_kind=\"standing\"") + 1);
        Assert.True(Count(after, "kagi_signins_total", "outcome=\"failure\"", "reason=\"wrong-password\"") >= Count(before, "kagi_signins_total", "outcome=\"failure\"", "reason=\"wrong-password\"") + 1);
        Assert.True(Count(after, "kagi_rotations_total", "outcome=\"completed\"", "target_kind=\"postgres\"") >= Count(before, "kagi_rotations_total", "outcome=\"completed\"", "target_kind=\"postgres\"") + 1);
        Assert.True(Count(after, "kagi_audit_append_duration_seconds_count") > Count(before, "kagi_audit_append_duration_seconds_count"));
        Assert.True(Count(after, "kagi_audit_batch_size_count") > Count(before, "kagi_audit_batch_size_count"));
        // Every grain call is counted by grain type: the check-out and check-in above were calls on the account's grain.
        Assert.True(Count(after, "kagi_grain_calls_total", "grain_type=\"privilegedaccount\"") >= Count(before, "kagi_grain_calls_total", "grain_type=\"privilegedaccount\"") + 2);
        // Orleans' own meters are exported beside Kagi's.
        Assert.Contains("orleans_", after, StringComparison.Ordinal);
        // No tag carries a tenant id or a username.
        Assert.DoesNotContain(tenant.Id, after, StringComparison.Ordinal);
        Assert.DoesNotContain(role, after, StringComparison.Ordinal);

        var frontend = (await Api.GetAsync("/operator/metrics", Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);
        Assert.True(Count(frontend.Body, "http_server_request_duration_seconds_count") > 0, "the Frontend exports ASP.NET Core's request metrics");
    }

    [Fact]
    public async Task Metrics_are_refused_without_the_operator_token_on_the_silo_and_the_frontend()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var listener = kagi.Deployment.SiloOperatorUrl;
        foreach (var authorization in new[] { null, "Bearer " + tenant.Admin, "Bearer " + OneCharacterOff(Api.OperatorToken), "Basic " + Convert.ToBase64String("operator:x"u8) })
        {
            var refused = await ObservedKagi.GetOperatorAsync(listener, "/operator/metrics", authorization);
            AssertRefused(refused, authorization);
            Assert.DoesNotContain("kagi_", refused.Body, StringComparison.Ordinal);
        }

        (await Api.GetAsync("/operator/metrics", null)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.GetAsync("/operator/metrics", tenant.Admin)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.GetAsync("/operator/metrics", "not-a-token")).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");

        Assert.Equal(HttpStatusCode.OK, (await ObservedKagi.GetOperatorAsync(listener, "/operator/metrics", Operator)).Status);
        (await Api.GetAsync("/operator/metrics", Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_dashboard_when_switched_on_is_served_only_with_the_operator_token()
    {
        var listener = kagi.Deployment.SiloOperatorUrl;
        var page = await ObservedKagi.GetOperatorAsync(listener, "/operator/dashboard/", Operator);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<html", page.Body, StringComparison.OrdinalIgnoreCase);

        foreach (var authorization in new[] { null, "Bearer " + OneCharacterOff(Api.OperatorToken) })
        {
            var refused = await ObservedKagi.GetOperatorAsync(listener, "/operator/dashboard/", authorization);
            AssertRefused(refused, authorization);
            Assert.DoesNotContain("<html", refused.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    // A token that differs from the operator's in its last character only; replacing it with a fixed character would
    // give the operator's own token back whenever the token already ends in that character.
    private static string OneCharacterOff(string token) => token[..^1] + (token[^1] == '0' ? '1' : '0');

    // Says what answered when something other than a 401 did: the listener's port is the silo's only while it runs.
    private static void AssertRefused((HttpStatusCode Status, string Body) answer, string? authorization) =>
        Assert.True(answer.Status == HttpStatusCode.Unauthorized,
            $"Expected 401 for Authorization '{authorization?.Split(' ')[0] ?? "(none)"}', got {(int)answer.Status}: {answer.Body[..Math.Min(300, answer.Body.Length)]}");

    private Task<string> SiloMetricsAsync() => ScrapeAsync();

    private async Task<string> ScrapeAsync()
    {
        var (status, body) = await ObservedKagi.GetOperatorAsync(kagi.Deployment.SiloOperatorUrl, "/operator/metrics", Operator);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    // The exporter answers from a scrape cached for a moment, so the counters are read until they show the change.
    private async Task<string> WaitForAsync(Func<string, bool> moved)
    {
        var deadline = DateTime.UtcNow + MetricsWait;
        while (true)
        {
            var text = await ScrapeAsync();
            if (moved(text) || DateTime.UtcNow > deadline)
            {
                Assert.True(moved(text), "Kagi's counters did not move; the scrape was:" + Environment.NewLine + text);
                return text;
            }

            await Task.Delay(500);
        }
    }

    private static double Count(string exposition, string metric, params string[] labels) => PrometheusText.Sum(exposition, metric, labels);
}
