using Kagi.Configuration;

namespace Kagi.Silo.Operations;

/// <summary>
/// The silo's operator listener: Prometheus metrics at <c>/operator/metrics</c> and, when switched on, the Orleans
/// Dashboard at <c>/operator/dashboard</c>, on addresses of their own (<c>KAGI_OPERATOR_URLS</c>, e.g.
/// http://10.0.0.5:9464), never on the silo or gateway ports, and only for a bearer of the operator token
/// (<c>KAGI_OPERATOR_TOKEN</c>, the Frontend's). Without <c>KAGI_OPERATOR_URLS</c> the silo listens for nothing
/// over HTTP; the dashboard (<c>KAGI_DASHBOARD=on</c>) is off unless asked for, and needs the listener.
/// </summary>
public sealed record OperatorSettings(string? Urls, string? Token, bool Dashboard)
{
    public const int MinimumTokenLength = 32;

    public static OperatorSettings Off { get; } = new(null, null, false);

    public static OperatorSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var urls = reader.Optional("OPERATOR_URLS");
        var dashboard = reader.OneOf("DASHBOARD", false, new Dictionary<string, bool> { ["on"] = true, ["off"] = false });
        if (urls is null)
        {
            if (dashboard)
            {
                reader.Fail("DASHBOARD", "is on but KAGI_OPERATOR_URLS is not set; expected the address the operator listener serves it on, e.g. http://127.0.0.1:9464");
            }

            return Off;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttp || parsed.AbsolutePath != "/")
            {
                reader.Fail("OPERATOR_URLS", $"has '{url}'; expected http://address:port, e.g. http://127.0.0.1:9464 (a private address the operator's scraper reaches)");
            }
        }

        var token = reader.Required("OPERATOR_TOKEN", $"the operator token (at least {MinimumTokenLength} characters) when KAGI_OPERATOR_URLS is set: the listener serves nobody else");
        if (token.Length is > 0 and < MinimumTokenLength)
        {
            reader.Fail("OPERATOR_TOKEN", $"is too short; expected at least {MinimumTokenLength} characters");
        }

        return new OperatorSettings(urls, token, dashboard);
    }
}
