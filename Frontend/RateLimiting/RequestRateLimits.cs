using System.Globalization;
using System.Threading.RateLimiting;
using Kagi.Frontend.Problems;
using Kagi.Frontend.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Kagi.Frontend.RateLimiting;

/// <summary>
/// ASP.NET Core rate limiting for the costly endpoints (marked with <see cref="RateLimited{TBuilder}"/>):
/// one fixed-window limiter per (kind, client address) chained with one per (kind, tenant), so neither one
/// address nor many addresses against one tenant can exceed <see cref="RateLimitSettings"/>; nothing of these is
/// queued. Every request under a tenant's route then waits for one of the tenant's turns
/// (<see cref="RateLimitSettings.TenantInFlight"/>, oldest first), so a burst queues at the door, where waiting costs
/// nothing, instead of inside the cluster, and one tenant's burst holds at most that many of this Frontend's calls.
/// A refusal is a 429 <c>rate-limited</c> problem with <c>Retry-After</c>.
/// </summary>
public static class RequestRateLimits
{
    /// <summary>Counts the endpoint's requests against the limits of <paramref name="kind"/>.</summary>
    public static TBuilder RateLimited<TBuilder>(this TBuilder endpoint, RateLimitedKind kind)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RateLimitedEndpoint(kind));

    public static IServiceCollection AddKagiRateLimits(this IServiceCollection services, FrontendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var limits = settings.RateLimits;
        services.AddSingleton(new BadTokenThrottle(limits.BadTokensPerSource, limits.Window));
        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Partitioned(limits, http => "source|" + ClientAddress.SourceOf(http, settings.TrustedProxies),
                    kind => kind == RateLimitedKind.SignIn ? limits.SignInPerSource : limits.ExportsPerSource),
                Partitioned(limits, TenantOf, kind => kind == RateLimitedKind.SignIn ? limits.SignInPerTenant : limits.ExportsPerTenant),
                TenantTurns(limits));
            options.OnRejected = (context, _) =>
            {
                // Only the windows give a wait; a full queue of turns has none, and clears in about a second.
                if (!context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                {
                    return WriteAsync(context.HttpContext, TimeSpan.FromSeconds(1),
                        "This tenant has too many requests waiting at this server.");
                }

                return WriteAsync(context.HttpContext, wait, KindOf(context.HttpContext) == RateLimitedKind.SignIn
                    ? "Too many sign-ins from your address or into this tenant in a short time."
                    : "Too many audit exports, verifications or reports from your address or of this tenant in a short time.");
            };
        });
    }

    /// <summary>Answers 429 <c>rate-limited</c> with <c>Retry-After</c> in whole seconds, rounded up.</summary>
    public static async ValueTask WriteAsync(HttpContext http, TimeSpan retryAfter, string reason)
    {
        ArgumentNullException.ThrowIfNull(http);
        var seconds = (long)Math.Ceiling(Math.Max(retryAfter.TotalSeconds, 1));
        var type = ProblemTypes.RateLimited;
        http.Response.StatusCode = type.Status;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Type = type.Uri, Title = type.Title, Status = type.Status,
                Detail = string.Create(CultureInfo.InvariantCulture, $"{reason} Try again in {seconds} s."),
            },
        }).ConfigureAwait(false);
    }

    private static string? TenantOf(HttpContext http) =>
        http.Request.RouteValues["tenant"] is string tenant ? "tenant|" + tenant.ToLowerInvariant() : null;

    /// <summary>One concurrency limiter per tenant for every request under its route, whatever the endpoint.</summary>
    private static PartitionedRateLimiter<HttpContext> TenantTurns(RateLimitSettings limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => TenantOf(http) is { } tenant
            ? RateLimitPartition.GetConcurrencyLimiter("turns|" + tenant, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.TenantInFlight, QueueLimit = limits.TenantQueued, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            : RateLimitPartition.GetNoLimiter(""));

    private static RateLimitedKind? KindOf(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<RateLimitedEndpoint>()?.Kind;

    private static PartitionedRateLimiter<HttpContext> Partitioned(
        RateLimitSettings limits, Func<HttpContext, string?> keyOf, Func<RateLimitedKind, int> permitsOf) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (KindOf(http) is not { } kind || keyOf(http) is not { } key)
            {
                return RateLimitPartition.GetNoLimiter("");
            }

            var permits = permitsOf(kind);
            return RateLimitPartition.GetFixedWindowLimiter(kind + "|" + key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits, Window = limits.Window, QueueLimit = 0, AutoReplenishment = true,
            });
        });
}
