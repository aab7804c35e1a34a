using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A Frontend of the deployment's cluster with low rate limits (KAGI_RATE_LIMIT_*): sign-ins per source
/// and per tenant, failed bearer tokens per source and audit exports per source and per tenant are each
/// answered 429 <c>rate-limited</c> with Retry-After once spent, while other sources and tenants go on.
/// Each test uses its own tenant and its own client addresses (X-Forwarded-For from the trusted loopback).
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class RateLimitHttpTests(KagiDeployment kagi) : IAsyncLifetime, IDisposable
{
    private const int SignInsPerSource = 3;
    private const int SignInsPerTenant = 5;
    private const int BadTokensPerSource = 2;
    private const int ExportsPerSource = 2;
    private const int ExportsPerTenant = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _url = $"http://127.0.0.1:{LoopbackPorts.Unused()}";
    private BuiltProcess _frontend = null!;
    private KagiApi _limited = null!;

    public async Task InitializeAsync()
    {
        _frontend = kagi.StartExtraFrontend(new Dictionary<string, string>
        {
            ["KAGI_URLS"] = _url,
            ["KAGI_RATE_LIMIT_SIGNIN_PER_SOURCE"] = $"{SignInsPerSource}",
            ["KAGI_RATE_LIMIT_SIGNIN_PER_TENANT"] = $"{SignInsPerTenant}",
            ["KAGI_RATE_LIMIT_BAD_TOKENS_PER_SOURCE"] = $"{BadTokensPerSource}",
            ["KAGI_RATE_LIMIT_EXPORTS_PER_SOURCE"] = $"{ExportsPerSource}",
            ["KAGI_RATE_LIMIT_EXPORTS_PER_TENANT"] = $"{ExportsPerTenant}",
            // An hour: no window ends while a test runs.
            ["KAGI_RATE_LIMIT_WINDOW_SECONDS"] = "3600",
        });
        _limited = new KagiApi(new Uri(_url), kagi.OperatorToken);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await _limited.IsReadyAsync())
        {
            if (_frontend.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The rate-limited Frontend did not become ready.{Environment.NewLine}{_frontend.RecentOutput}");
            }

            await Task.Delay(500);
        }
    }

    public async Task DisposeAsync()
    {
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }
    }

    public void Dispose() => _limited?.Dispose();

    [Fact]
    public async Task Sign_ins_from_one_source_past_the_limit_are_refused_with_retry_after_and_others_go_on()
    {
        var (tenant, _) = await NewTenantAsync();

        for (var i = 0; i < SignInsPerSource; i++)
        {
            (await SignInAsync(tenant, "203.0.113.10")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        var refused = (await SignInAsync(tenant, "203.0.113.10")).ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3600));
        Assert.Contains("Too many sign-ins", refused.Text("detail"), StringComparison.Ordinal);
        // Even the right password waits: the limit counts sign-ins, not failures.
        (await _limited.SendAsync(HttpMethod.Post, $"/api/t/{tenant}/auth/login", new { username = "alice", password = TenantScript.AdminPassword }, null, From("203.0.113.10")))
            .ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        (await _limited.SendAsync(HttpMethod.Post, $"/api/t/{tenant}/auth/login", new { username = "alice", password = TenantScript.AdminPassword }, null, From("203.0.113.11")))
            .ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_ins_into_one_tenant_from_many_sources_past_the_limit_are_refused()
    {
        var (tenant, _) = await NewTenantAsync();
        var (otherTenant, _) = await NewTenantAsync();

        for (var i = 0; i < SignInsPerTenant; i++)
        {
            (await SignInAsync(tenant, $"198.51.100.{i + 1}")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        (await SignInAsync(tenant, "198.51.100.99")).ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        // Another tenant is not held up by it.
        (await SignInAsync(otherTenant, "198.51.100.99")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task A_source_that_sent_too_many_bad_tokens_is_refused_even_with_a_good_one()
    {
        var (tenant, admin) = await NewTenantAsync();
        var workflows = $"/api/t/{tenant}/workflows";

        for (var i = 0; i < BadTokensPerSource; i++)
        {
            (await _limited.SendAsync(HttpMethod.Get, workflows, null, "not-a-token-" + i, From("203.0.113.20"))).ShouldBe(HttpStatusCode.Unauthorized);
        }

        var refused = (await _limited.SendAsync(HttpMethod.Get, workflows, null, admin, From("203.0.113.20")))
            .ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(refused.RetryAfter);
        Assert.Contains("invalid tokens", refused.Text("detail"), StringComparison.Ordinal);
        (await _limited.SendAsync(HttpMethod.Get, workflows, null, admin, From("203.0.113.21"))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Audit_exports_are_limited_per_source_and_per_tenant()
    {
        var (tenant, admin) = await NewTenantAsync();
        var export = $"/api/t/{tenant}/audit/export";

        for (var i = 0; i < ExportsPerSource; i++)
        {
            (await _limited.SendAsync(HttpMethod.Get, export, null, admin, From("203.0.113.30"))).ShouldBe(HttpStatusCode.OK);
        }

        (await _limited.SendAsync(HttpMethod.Get, export, null, admin, From("203.0.113.30"))).ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        // A fresh source still has its own budget, until the tenant's is spent too.
        (await _limited.SendAsync(HttpMethod.Get, export, null, admin, From("203.0.113.31"))).ShouldBe(HttpStatusCode.OK);
        var refused = (await _limited.SendAsync(HttpMethod.Get, export, null, admin, From("203.0.113.32"))).ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Contains("exports", refused.Text("detail"), StringComparison.Ordinal);
        // Cheap reads are not limited.
        (await _limited.SendAsync(HttpMethod.Get, $"/api/t/{tenant}/workflows", null, admin, From("203.0.113.32"))).ShouldBe(HttpStatusCode.OK);
    }

    // A fresh unknown name each time, so no lockout (which counts per name) answers before the limit does.
    private Task<ApiResponse> SignInAsync(string tenant, string source) =>
        _limited.SendAsync(HttpMethod.Post, $"/api/t/{tenant}/auth/login",
            new { username = "ghost" + Guid.NewGuid().ToString("N")[..8], password = "Wrong-Password-1!" }, null, From(source));

    private static Dictionary<string, string> From(string source) => new() { ["X-Forwarded-For"] = source };

    // Set up through the deployment's own Frontend, so none of it counts against the limited one.
    private async Task<(string Tenant, string Admin)> NewTenantAsync()
    {
        var id = "rl-" + Guid.NewGuid().ToString("N")[..10];
        (await kagi.Api.PostAsync("/api/tenants", new { id, name = "Rate limits", adminUsername = "alice", adminPassword = TenantScript.AdminPassword }, kagi.OperatorToken))
            .ShouldBe(HttpStatusCode.Created);
        return (id, await kagi.Api.LoginAsync(id, "alice", TenantScript.AdminPassword));
    }
}
