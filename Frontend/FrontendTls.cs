using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Kagi.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Kagi.Frontend;

/// <summary>
/// HTTPS for the Frontend (<c>KAGI_TLS_CERT</c> and <c>KAGI_TLS_KEY</c>, PEM files): the server
/// certificate with its key, the chain certificates that follow it in the certificate file, and the
/// port plain HTTP is redirected to when <c>KAGI_HTTP_REDIRECT=true</c> allows an http:// URL at all.
/// </summary>
public sealed record FrontendTls(X509Certificate2 Certificate, X509Certificate2Collection Chain, int HttpsPort, bool RedirectHttp)
{
    /// <summary>Older protocols have known weaknesses and nothing Kagi serves needs them.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>A year: browsers that saw Kagi over HTTPS never try it in clear again.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public void Apply(HttpsConnectionAdapterOptions https)
    {
        ArgumentNullException.ThrowIfNull(https);
        https.ServerCertificate = Certificate;
        https.ServerCertificateChain = Chain;
        https.SslProtocols = Protocols;
    }

    /// <summary>
    /// Reads the TLS settings and checks them against <paramref name="urls"/>: both files or neither;
    /// with TLS, at least one https:// URL and no http:// URL unless it is only there to redirect;
    /// without TLS, no https:// URL. Problems are recorded on <paramref name="reader"/>, never with key material.
    /// </summary>
    public static FrontendTls? Read(SettingsReader reader, string urls, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var certificatePath = reader.Optional("TLS_CERT");
        var keyPath = reader.Optional("TLS_KEY");
        var redirect = reader.OneOf("HTTP_REDIRECT", false, new Dictionary<string, bool> { ["true"] = true, ["false"] = false });
        var addresses = Addresses(reader, urls);
        var https = addresses.Where(a => a.Scheme == Uri.UriSchemeHttps).ToList();
        var http = addresses.Where(a => a.Scheme == Uri.UriSchemeHttp).ToList();
        if (certificatePath is null && keyPath is null)
        {
            if (https.Count > 0)
            {
                reader.Fail("URLS", "lists an https:// URL but KAGI_TLS_CERT and KAGI_TLS_KEY are not set; expected both PEM files, or http:// URLs only");
            }

            return null;
        }

        if (certificatePath is null || keyPath is null)
        {
            reader.Fail(certificatePath is null ? "TLS_CERT" : "TLS_KEY", $"is missing while KAGI_{(certificatePath is null ? "TLS_KEY" : "TLS_CERT")} is set; expected both PEM files or neither");
            return null;
        }

        if (https.Count == 0)
        {
            reader.Fail("URLS", "lists no https:// URL though KAGI_TLS_CERT is set; expected e.g. https://0.0.0.0:8443");
        }

        if (http.Count > 0 && !redirect)
        {
            reader.Fail("URLS", $"lists {http[0]} though HTTPS is on; remove it, or set KAGI_HTTP_REDIRECT=true to answer it with a redirect");
        }

        var (certificate, chain) = PemCertificateFiles.LoadWithKey(reader, "TLS_CERT", certificatePath, "TLS_KEY", keyPath, now);
        return certificate is null ? null : new FrontendTls(certificate, chain, https.Count > 0 ? https[0].Port : 443, redirect);
    }

    private static List<BindingAddress> Addresses(SettingsReader reader, string urls)
    {
        var addresses = new List<BindingAddress>();
        foreach (var url in urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                addresses.Add(BindingAddress.Parse(url));
            }
            catch (FormatException)
            {
                reader.Fail("URLS", $"has '{url}'; expected URLs such as https://0.0.0.0:8443, separated by ';'");
            }
        }

        return addresses;
    }
}
