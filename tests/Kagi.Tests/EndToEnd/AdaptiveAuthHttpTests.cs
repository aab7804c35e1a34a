using System.Net;
using Kagi.Domain.Identity;
using Kagi.Tests.Infrastructure;
using OtpNet;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Adaptive authentication over HTTP: each scenario's score and signals land in the sign-in's audit
/// record. The deployment's GeoIP database (built by the tests) puts 192.0.2.0/24 in Berlin and
/// 198.51.100.0/24 in Sydney.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class AdaptiveAuthHttpTests(KagiDeployment kagi)
{
    private const string Agent = "kagi-tests/1.0";
    private KagiApi Api => kagi.Api;

    private Task<ApiResponse> LoginAsync(string tenant, string ip, string? deviceToken, string username = "bob", string password = TenantScript.UserPassword, string? totp = null) =>
        Api.SendAsync(HttpMethod.Post, $"/api/t/{tenant}/auth/login", new { username, password, deviceToken, totp }, null,
            new Dictionary<string, string> { ["X-Forwarded-For"] = ip, ["User-Agent"] = Agent });

    /// <summary>Bob signs in once from Berlin while adaptive authentication only observes; returns his device token.</summary>
    private async Task<string> LearnBobAsync(TenantScript tenant)
    {
        var first = (await LoginAsync(tenant.Id, "192.0.2.10", null)).ShouldBe(HttpStatusCode.OK);
        return first.Text("deviceToken");
    }

    private async Task EnableAsync(TenantScript tenant, int stepUp = 40, int block = 80) =>
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/adaptive-auth",
            new { enabled = true, stepUpScore = stepUp, blockScore = block, timeZone = "Europe/Berlin", decayHalfLifeSeconds = 3600 }, tenant.Admin))
            .ShouldBe(HttpStatusCode.OK);

    // The sign-in log as an auditor asks for it: kind=auth, every sign-in attempt and alert, nothing else.
    private async Task<List<(string Actor, string Action, string Result, string? Ip, string Detail)>> AuditAsync(TenantScript tenant)
    {
        List<(string Actor, string Action, string Result, string? Ip, string Detail)> events =
            [.. (await Api.GetAsync($"/api/t/{tenant.Id}/audit?kind=auth&limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray()
                .Select(e => (e.GetProperty("actor").GetString()!, e.GetProperty("action").GetString()!, e.GetProperty("result").GetString()!,
                    e.GetProperty("ipAddress").GetString(), e.GetProperty("detail").GetString() ?? ""))];
        Assert.All(events, e => Assert.StartsWith("auth.", e.Action, StringComparison.Ordinal));
        return events;
    }

    [Fact]
    public async Task A_sign_in_from_a_new_subnet_steps_up_refusing_a_user_without_mfa_with_an_alert_and_admitting_one_with_a_code()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var device = await LearnBobAsync(tenant);
        await EnableAsync(tenant, stepUp: 30);

        (await LoginAsync(tenant.Id, "192.0.2.44", device)).ShouldBe(HttpStatusCode.OK);
        (await LoginAsync(tenant.Id, "203.0.113.7", device)).ShouldBeProblem(HttpStatusCode.Forbidden, "risk-blocked");

        var secret = Base32Encoding.ToBytes((await Api.PostAsync($"/api/t/{tenant.Id}/me/mfa/totp", new { currentPassword = TenantScript.UserPassword }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("secret"));
        (await Api.PostAsync($"/api/t/{tenant.Id}/me/mfa/totp/confirm", new { code = TotpCodes.Compute(secret, DateTimeOffset.UtcNow) }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        (await LoginAsync(tenant.Id, "203.0.113.7", device, totp: TotpCodes.Compute(secret, DateTimeOffset.UtcNow.AddSeconds(30)))).ShouldBe(HttpStatusCode.OK);

        var audit = await AuditAsync(tenant);
        Assert.Contains(("bob", "auth.login", "success", "192.0.2.44", $"reason=password; risk=0; signals=; ua={Agent}"), audit);
        Assert.Contains(("bob", "auth.login", "failure", "203.0.113.7", $"reason=risk-step-up-without-mfa; risk=30; signals=new-subnet:+30; ua={Agent}; risk-blocked"), audit);
        Assert.Contains(("kagi:system", "auth.risk-alert", "alert", "203.0.113.7", "decision=step-up-without-mfa; risk=30; signals=new-subnet:+30"), audit);
        Assert.Contains(("bob", "auth.login", "success", "203.0.113.7", $"reason=password+totp; risk=50; signals=new-subnet:+30,elevated-risk:+20; ua={Agent}"), audit);
    }

    [Fact]
    public async Task The_right_password_from_a_source_spraying_other_usernames_is_blocked_and_alerted()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var device = await LearnBobAsync(tenant);
        await EnableAsync(tenant);
        foreach (var name in new[] { "ann", "ben", "cat", "dan", "eve" })
        {
            (await LoginAsync(tenant.Id, "203.0.113.66", null, name, "Spring-Password-2030")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        (await LoginAsync(tenant.Id, "203.0.113.66", device)).ShouldBeProblem(HttpStatusCode.Forbidden, "risk-blocked");
        (await LoginAsync(tenant.Id, "192.0.2.10", device)).ShouldBe(HttpStatusCode.OK);

        var audit = await AuditAsync(tenant);
        Assert.Contains(("bob", "auth.login", "failure", "203.0.113.66", $"reason=risk-blocked; risk=100; signals=new-subnet:+30,spraying-source:+80; ua={Agent}; risk-blocked"), audit);
        Assert.Contains(("kagi:system", "auth.risk-alert", "alert", "203.0.113.66", "decision=block; risk=100; signals=new-subnet:+30,spraying-source:+80"), audit);

        // The tenant's admins find the alert in their notices.
        var notices = (await Api.GetAsync($"/api/t/{tenant.Id}/me/notices", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var alert = notices.Json.EnumerateArray().Single(n => n.GetProperty("kind").GetString() == "risk-alert");
        Assert.Equal("203.0.113.66", alert.GetProperty("ipAddress").GetString());
        Assert.Contains("bob", alert.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impossible_travel_between_two_located_addresses_is_blocked()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var device = await LearnBobAsync(tenant);
        await EnableAsync(tenant);

        (await LoginAsync(tenant.Id, "198.51.100.7", device)).ShouldBeProblem(HttpStatusCode.Forbidden, "risk-blocked");

        Assert.Contains(("bob", "auth.login", "failure", "198.51.100.7", $"reason=risk-blocked; risk=90; signals=new-subnet:+30,impossible-travel:+60; ua={Agent}; risk-blocked"),
            await AuditAsync(tenant));
    }

    [Fact]
    public async Task Suspicion_from_failed_attempts_decays_on_its_own_until_it_no_longer_counts()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var device = await LearnBobAsync(tenant);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/adaptive-auth",
            new { enabled = false, timeZone = "UTC", decayHalfLifeSeconds = 3 }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 3; i++)
        {
            (await LoginAsync(tenant.Id, "192.0.2.10", device, password: "Wrong-Password-000")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        (await LoginAsync(tenant.Id, "192.0.2.10", device)).ShouldBe(HttpStatusCode.OK);
        await Eventually.Async(async () =>
        {
            (await LoginAsync(tenant.Id, "192.0.2.10", device)).ShouldBe(HttpStatusCode.OK);
            return await LastSignInAsync(tenant);
        }, detail => !detail.Contains("elevated-risk", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        var successes = (await AuditAsync(tenant)).Where(e => e is { Action: "auth.login", Result: "success", Ip: "192.0.2.10" }).Select(e => e.Detail).Reverse().ToList();
        Assert.Matches("^reason=password; risk=[0-9]+; signals=failure-velocity:\\+10,elevated-risk:\\+[0-9]+; ua=", successes[1]);
        Assert.Matches("^reason=password; risk=10; signals=failure-velocity:\\+10; ua=", successes[^1]);
    }

    private async Task<string> LastSignInAsync(TenantScript tenant) =>
        (await AuditAsync(tenant)).First(e => e.Action == "auth.login").Detail;
}
