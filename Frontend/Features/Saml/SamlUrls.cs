using System.Collections.Immutable;
using System.Text;

namespace Kagi.Frontend.Features.Saml;

/// <summary>
/// A tenant's SP names as the console shows them to an admin, derived as the domain's <c>SamlServiceProvider</c> derives
/// them (the Frontend does not reference the domain): entity id <c>{public}/saml/{tenant}</c>, its <c>/acs</c> and
/// <c>/metadata</c>. And the certificate text an admin pastes, cut into one certificate each.
/// </summary>
public static class SamlUrls
{
    private const string PemEnd = "-----END CERTIFICATE-----";

    public static string EntityId(Uri publicUrl, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        return $"{publicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/saml/{Uri.EscapeDataString(tenantId)}";
    }

    public static string Acs(Uri publicUrl, string tenantId) => EntityId(publicUrl, tenantId) + "/acs";

    public static string Metadata(Uri publicUrl, string tenantId) => EntityId(publicUrl, tenantId) + "/metadata";

    /// <summary>PEM blocks one by one; text without PEM markers is one base64 certificate per blank-line-separated part.</summary>
    public static ImmutableArray<string> CertificateBlocks(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return normalized.Contains(PemEnd, StringComparison.Ordinal)
            ? [.. normalized.Split(PemEnd, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(b => b.Length > 0).Select(b => b + "\n" + PemEnd)]
            : [.. normalized.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>A base64 DER certificate as PEM, for the edit form.</summary>
    public static string Pem(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        var pem = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            pem.Append(base64.AsSpan(i, Math.Min(64, base64.Length - i))).Append('\n');
        }

        return pem.Append(PemEnd).ToString();
    }
}
