using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kagi.Sso;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// A stored SAML IdP: its entity id (the Issuer its responses must carry), the HTTP-Redirect SSO URL Kagi sends
/// the browser to, its signing certificates (base64 DER; only their public keys are ever used), and which
/// attribute names the user (null: the NameID) and which lists their groups. Nothing here is secret.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.SamlProviderState")]
public sealed record SamlProviderState(
    [property: Id(0)] string EntityId,
    [property: Id(1)] string SsoUrl,
    [property: Id(2)] ImmutableArray<string> SigningCertificates,
    [property: Id(3)] string? UsernameAttribute,
    [property: Id(4)] string GroupsAttribute)
{
    /// <summary>The certificates, loaded; the caller disposes them.</summary>
    public IReadOnlyList<X509Certificate2> Certificates() =>
        [.. SigningCertificates.Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c)))];

    public SamlProviderView ToView()
    {
        var certificates = Certificates();
        try
        {
            return new SamlProviderView(EntityId, SsoUrl,
                [.. certificates.Select(c => new SamlCertificateView(c.Subject, Convert.ToHexStringLower(SHA256.HashData(c.RawData)), new DateTimeOffset(c.NotAfter.ToUniversalTime(), TimeSpan.Zero), Convert.ToBase64String(c.RawData)))],
                UsernameAttribute, GroupsAttribute);
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }
}
