using System.Globalization;
using Kagi.Configuration;

namespace Kagi.Frontend.RateLimiting;

/// <summary>
/// How many requests of each costly kind one source address and one tenant may make per window
/// (<c>KAGI_RATE_LIMIT_*</c>), each a whole number from 1 to 1,000,000 per window; and how many of one tenant's
/// requests run at once and wait (<c>KAGI_TENANT_REQUESTS_*</c>).
/// </summary>
/// <param name="SignInPerSource">Sign-ins (any outcome) from one client address.</param>
/// <param name="SignInPerTenant">Sign-ins into one tenant, from anywhere.</param>
/// <param name="BadTokensPerSource">Bearer tokens that fail validation from one client address; past it, every
/// request with a token from there is refused until the window ends.</param>
/// <param name="ExportsPerSource">Audit exports, audit verifications and reports from one client address.</param>
/// <param name="ExportsPerTenant">Audit exports, audit verifications and reports of one tenant.</param>
/// <param name="Window">The fixed window the counts are kept for.</param>
public sealed record RateLimitSettings(
    int SignInPerSource, int SignInPerTenant, int BadTokensPerSource, int ExportsPerSource, int ExportsPerTenant, TimeSpan Window)
{
    private const int Maximum = 1_000_000;

    /// <summary>A tenant's requests this Frontend works on at once (<c>KAGI_TENANT_REQUESTS_IN_FLIGHT</c>); the rest
    /// wait their turn in arrival order. More at once only lengthens every call: past about this many, the cluster's
    /// cores are busy and a request's time grows with the queue inside the grains, where the slowest pass the grain
    /// call timeout (benchmarks/results/requests-in-flight-*.md).</summary>
    public int TenantInFlight { get; init; } = 64;

    /// <summary>A tenant's requests that may wait for a turn (<c>KAGI_TENANT_REQUESTS_QUEUED</c>); past it a request is
    /// refused at once with 429 and <c>Retry-After</c>.</summary>
    public int TenantQueued { get; init; } = 2_000;

    public static RateLimitSettings Default { get; } = new(
        SignInPerSource: 30, SignInPerTenant: 600, BadTokensPerSource: 30, ExportsPerSource: 10, ExportsPerTenant: 30, Window: TimeSpan.FromMinutes(1));

    public static RateLimitSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var defaults = Default;
        return new RateLimitSettings(
            Limit(reader, "RATE_LIMIT_SIGNIN_PER_SOURCE", defaults.SignInPerSource),
            Limit(reader, "RATE_LIMIT_SIGNIN_PER_TENANT", defaults.SignInPerTenant),
            Limit(reader, "RATE_LIMIT_BAD_TOKENS_PER_SOURCE", defaults.BadTokensPerSource),
            Limit(reader, "RATE_LIMIT_EXPORTS_PER_SOURCE", defaults.ExportsPerSource),
            Limit(reader, "RATE_LIMIT_EXPORTS_PER_TENANT", defaults.ExportsPerTenant),
            TimeSpan.FromSeconds(Limit(reader, "RATE_LIMIT_WINDOW_SECONDS", (int)defaults.Window.TotalSeconds, maximum: 3600)))
        {
            TenantInFlight = Limit(reader, "TENANT_REQUESTS_IN_FLIGHT", defaults.TenantInFlight, maximum: 100_000),
            TenantQueued = Limit(reader, "TENANT_REQUESTS_QUEUED", defaults.TenantQueued, maximum: 100_000),
        };
    }

    private static int Limit(SettingsReader reader, string name, int fallback, int maximum = Maximum)
    {
        var text = reader.Optional(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= maximum)
        {
            return value;
        }

        reader.Fail(name, string.Create(CultureInfo.InvariantCulture, $"is '{text}'; expected a whole number from 1 to {maximum}"));
        return fallback;
    }
}
