using System.Net;
using Kagi.Configuration;
using Kagi.Frontend.RateLimiting;

namespace Kagi.Frontend;

/// <summary>Everything the Frontend needs from configuration, validated before anything starts.</summary>
public sealed record FrontendSettings(ClusterSettings Cluster, string OperatorToken, string Urls, TimeSpan SessionLifetime)
{
    /// <summary>Proxies whose X-Forwarded-For is believed (KAGI_TRUSTED_PROXIES: comma-separated CIDRs).</summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>HTTPS (KAGI_TLS_CERT, KAGI_TLS_KEY); null when the Frontend serves plain HTTP only.</summary>
    public FrontendTls? Tls { get; init; }

    /// <summary>Rate limits of sign-ins, failed tokens and exports (KAGI_RATE_LIMIT_*).</summary>
    public RateLimitSettings RateLimits { get; init; } = RateLimitSettings.Default;

    /// <summary>Where people and identity providers reach Kagi (KAGI_PUBLIC_URL; default the first of KAGI_URLS):
    /// the base of each tenant's SAML entity id and ACS URL, so it must not change once IdPs know it.</summary>
    public Uri PublicUrl { get; init; } = new("http://127.0.0.1:8080");

    public const int MinimumOperatorTokenLength = 32;

    public static FrontendSettings Read(SettingsReader reader, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(reader);
        var cluster = ClusterSettings.Read(reader, clock.GetUtcNow(), listens: false);
        var token = reader.Required("OPERATOR_TOKEN", $"a random string of at least {MinimumOperatorTokenLength} characters");
        if (token.Length is > 0 and < MinimumOperatorTokenLength)
        {
            reader.Fail("OPERATOR_TOKEN", $"is too short; expected at least {MinimumOperatorTokenLength} characters");
        }

        var minutes = reader.Optional("SESSION_MINUTES");
        var lifetime = TimeSpan.FromMinutes(60);
        if (minutes is not null)
        {
            if (int.TryParse(minutes, out var value) && value is > 0 and <= 24 * 60)
            {
                lifetime = TimeSpan.FromMinutes(value);
            }
            else
            {
                reader.Fail("SESSION_MINUTES", $"is '{minutes}'; expected whole minutes from 1 to 1440");
            }
        }

        var urls = reader.Optional("URLS") ?? "http://127.0.0.1:8080";
        var proxies = new List<IPNetwork>();
        foreach (var text in (reader.Optional("TRUSTED_PROXIES") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPNetwork.TryParse(text.Contains('/', StringComparison.Ordinal) ? text : text + (text.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"), out var network))
            {
                proxies.Add(network);
            }
            else
            {
                reader.Fail("TRUSTED_PROXIES", $"has '{text}'; expected comma-separated CIDRs such as 10.0.0.0/8 or ::1/128");
            }
        }

        var publicText = reader.Optional("PUBLIC_URL") ?? urls.Split(';', StringSplitOptions.TrimEntries)[0];
        if (!Uri.TryCreate(publicText, UriKind.Absolute, out var publicUrl) || publicUrl.Scheme is not ("https" or "http")
            || publicUrl.Query.Length > 0 || publicUrl.Fragment.Length > 0 || publicUrl.UserInfo.Length > 0)
        {
            reader.Fail("PUBLIC_URL", $"is '{publicText}'; expected an http(s) URL without query, e.g. https://kagi.example.com");
        }

        var tls = FrontendTls.Read(reader, urls, clock.GetUtcNow());
        var rateLimits = RateLimitSettings.Read(reader);
        reader.ThrowIfInvalid();
        return new FrontendSettings(cluster, token, urls, lifetime) { TrustedProxies = proxies, Tls = tls, RateLimits = rateLimits, PublicUrl = publicUrl! };
    }
}
