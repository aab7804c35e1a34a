using System.Globalization;
using Kagi.Configuration;

namespace Kagi.Frontend.RateLimiting;

/// <summary>
/// How many requests of each costly kind one source address and one tenant may make per window
/// (<c>KAGI_RATE_LIMIT_*</c>). Each limit is a whole number from 1 to 1,000,000 per window.
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
            TimeSpan.FromSeconds(Limit(reader, "RATE_LIMIT_WINDOW_SECONDS", (int)defaults.Window.TotalSeconds, maximum: 3600)));
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
