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
/// address nor many addresses against one tenant can exceed <see cref="RateLimitSettings"/>. A refusal is a
/// 429 <c>rate-limited</c> problem with <c>Retry-After</c>; nothing is queued.
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
                Partitioned(limits, static http => http.Request.RouteValues["tenant"] is string tenant ? "tenant|" + tenant.ToLowerInvariant() : null,
                    kind => kind == RateLimitedKind.SignIn ? limits.SignInPerTenant : limits.ExportsPerTenant));
            options.OnRejected = (context, _) =>
            {
                var kind = KindOf(context.HttpContext);
                TimeSpan? retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
                return WriteAsync(context.HttpContext, retryAfter ?? limits.Window, kind == RateLimitedKind.SignIn
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
