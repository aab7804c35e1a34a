using System.Text.Json;
using System.Threading.RateLimiting;
using Kagi.Configuration;
using Kagi.Frontend;
using Kagi.Frontend.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kagi.Tests.RateLimiting;

/// <summary>
/// Issue 15, P5 (a burst waits at the door): the Frontend's own limiter, as <c>AddKagiRateLimits</c> configures it
/// from <c>KAGI_TENANT_REQUESTS_*</c>, gives each tenant a number of requests at once; the next wait in arrival order,
/// past the queue a request is refused with a 429 problem, and other tenants and routes without a tenant go on.
/// </summary>
public sealed class TenantTurnsTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RateLimiterOptions _options;

    public TenantTurnsTests()
    {
        var settings = Settings(new() { ["TENANT_REQUESTS_IN_FLIGHT"] = "1", ["TENANT_REQUESTS_QUEUED"] = "1" });
        _services = new ServiceCollection().AddLogging().AddProblemDetails().AddKagiRateLimits(settings).BuildServiceProvider();
        _options = _services.GetRequiredService<IOptions<RateLimiterOptions>>().Value;
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void The_settings_read_the_turns_and_the_queue_and_refuse_a_number_out_of_range()
    {
        var read = Settings(new() { ["TENANT_REQUESTS_IN_FLIGHT"] = "48", ["TENANT_REQUESTS_QUEUED"] = "700" }).RateLimits;
        Assert.Equal((48, 700), (read.TenantInFlight, read.TenantQueued));
        Assert.Equal((64, 2_000), (RateLimitSettings.Default.TenantInFlight, RateLimitSettings.Default.TenantQueued));

        var refusal = Assert.Throws<InvalidSettingsException>(() => Settings(new() { ["TENANT_REQUESTS_IN_FLIGHT"] = "0" }));
        Assert.Contains("KAGI_TENANT_REQUESTS_IN_FLIGHT is '0'; expected a whole number from 1 to 100000", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenants_request_past_its_turns_waits_for_the_first_to_end_and_past_the_queue_is_refused()
    {
        var limiter = _options.GlobalLimiter!;
        using var first = await limiter.AcquireAsync(Request("acme"));
        Assert.True(first.IsAcquired);

        var second = limiter.AcquireAsync(Request("ACME")).AsTask();
        using var third = await limiter.AcquireAsync(Request("acme"));
        Assert.False(second.IsCompleted);
        Assert.False(third.IsAcquired);
        Assert.False(third.TryGetMetadata(MetadataName.RetryAfter, out _));

        // Another tenant, and a route without one (health, the operator's), are not held by acme's turns.
        using var other = await limiter.AcquireAsync(Request("globex"));
        using var untenanted = await limiter.AcquireAsync(Request(null));
        Assert.True(other.IsAcquired);
        Assert.True(untenanted.IsAcquired);

        first.Dispose();
        using var waited = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(waited.IsAcquired);
    }

    [Fact]
    public async Task A_refusal_for_a_full_queue_is_a_429_problem_with_retry_after_in_our_words()
    {
        var limiter = _options.GlobalLimiter!;
        using var first = await limiter.AcquireAsync(Request("acme"));
        var queued = limiter.AcquireAsync(Request("acme")).AsTask();
        var http = Request("acme");
        http.RequestServices = _services;
        http.Response.Body = new MemoryStream();
        using var refused = await limiter.AcquireAsync(http);

        await _options.OnRejected!(new OnRejectedContext { HttpContext = http, Lease = refused }, CancellationToken.None);

        Assert.Equal(StatusCodes.Status429TooManyRequests, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.EndsWith("/rate-limited", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal("This tenant has too many requests waiting at this server. Try again in 1 s.", problem.RootElement.GetProperty("detail").GetString());

        first.Dispose();
        (await queued).Dispose();
    }

    private static DefaultHttpContext Request(string? tenant)
    {
        var http = new DefaultHttpContext();
        if (tenant is not null)
        {
            http.Request.RouteValues["tenant"] = tenant;
        }

        return http;
    }

    private static FrontendSettings Settings(Dictionary<string, string?> values)
    {
        values["CLUSTERING"] = "localhost";
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var cluster = ClusterSettings.Read(reader, DateTimeOffset.UtcNow, listens: false);
        var limits = RateLimitSettings.Read(reader);
        reader.ThrowIfInvalid();
        return new FrontendSettings(cluster, new string('t', FrontendSettings.MinimumOperatorTokenLength), "http://127.0.0.1:1", TimeSpan.FromHours(1)) { RateLimits = limits };
    }
}
