using System.Threading.RateLimiting;

namespace Kagi.Frontend.RateLimiting;

/// <summary>
/// Counts bearer tokens that fail validation per client address. Once an address has spent its budget
/// for the window, every request from it that carries a token is refused with 429 before the token is
/// looked up, so guessing tokens costs the cluster nothing. Requests without a token are not affected,
/// and other addresses keep working: a per-tenant block here would let anyone lock a tenant's valid
/// tokens out.
/// </summary>
public sealed class BadTokenThrottle(int failuresPerSource, TimeSpan window) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(source =>
        RateLimitPartition.GetFixedWindowLimiter(source, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = failuresPerSource, Window = window, QueueLimit = 0, AutoReplenishment = true,
        }));

    /// <summary>How long <paramref name="source"/> must wait, or null when it may still present tokens.</summary>
    public TimeSpan? BlockedFor(string source)
    {
        // Asking for no permit tells whether any is left without spending one.
        using var lease = _failures.AttemptAcquire(source, 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
    }

    /// <summary>Counts one failed token from <paramref name="source"/>.</summary>
    public void Failed(string source)
    {
        using var lease = _failures.AttemptAcquire(source);
    }

    public void Dispose() => _failures.Dispose();
}

/// <summary>Refuses a request carrying a bearer token when its source has failed too many (before authentication).</summary>
public static class BadTokenThrottleMiddleware
{
    public static IApplicationBuilder UseBadTokenThrottle(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Headers.Authorization.Count > 0)
        {
            var settings = http.RequestServices.GetRequiredService<FrontendSettings>();
            var throttle = http.RequestServices.GetRequiredService<BadTokenThrottle>();
            if (throttle.BlockedFor(Security.ClientAddress.SourceOf(http, settings.TrustedProxies)) is { } wait)
            {
                await RequestRateLimits.WriteAsync(http, wait, "Too many invalid tokens from your address in a short time.");
                return;
            }
        }

        await next(http);
    });
}
