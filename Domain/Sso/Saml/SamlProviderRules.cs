using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kagi.Sso;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// What a SAML IdP's settings must be, field by field: its metadata (read by <see cref="SamlIdpMetadata"/>), or an
/// entity id, an https SSO URL (plain http only on loopback) and one to <see cref="MaximumCertificates"/> RSA
/// certificates given as PEM or base64 DER; attribute names of printable text. The metadata, when given, wins over
/// the separate fields, so an admin pastes one thing and is done.
/// </summary>
public static class SamlProviderRules
{
    public const int MaximumCertificates = 4;
    private const int MaximumEntityId = 1024;
    private const int MaximumAttribute = 200;

    /// <summary>The settings to store, or the first field (as the API names it) that is wrong and why.</summary>
    public static SamlProviderState? Read(SamlProviderInput input, out string? field, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(input);
        field = null;
        var (entityId, ssoUrl, certificates) = (input.EntityId?.Trim(), input.SsoUrl?.Trim(), input.SigningCertificates.IsDefault ? [] : input.SigningCertificates);
        if (!string.IsNullOrWhiteSpace(input.Metadata))
        {
            if (SamlIdpMetadata.Read(input.Metadata, out problem) is not { } metadata)
            {
                field = "saml.metadata";
                return null;
            }

            (entityId, ssoUrl, certificates) = (metadata.EntityId, metadata.SsoUrl, metadata.SigningCertificates);
        }

        var (fromMetadata, prefix) = string.IsNullOrWhiteSpace(input.Metadata) ? (false, "") : (true, "The metadata's ");
        var der = certificates.Select(Der).ToList();
        var usernameAttribute = string.IsNullOrWhiteSpace(input.UsernameAttribute) ? null : input.UsernameAttribute.Trim();
        (field, problem) = (entityId, ssoUrl) switch
        {
            _ when string.IsNullOrEmpty(entityId) || entityId.Length > MaximumEntityId =>
                (fromMetadata ? "saml.metadata" : "saml.entityId", $"{prefix}entity id must be 1 to {MaximumEntityId} characters.".Capitalized()),
            _ when !IsAcceptableSsoUrl(ssoUrl) =>
                (fromMetadata ? "saml.metadata" : "saml.ssoUrl", $"{prefix}SSO URL must be an absolute https URL (http only on loopback).".Capitalized()),
            _ when der.Count is 0 or > MaximumCertificates =>
                (fromMetadata ? "saml.metadata" : "saml.signingCertificates", $"{prefix}signing certificates must be 1 to {MaximumCertificates}; Kagi believes only responses they sign.".Capitalized()),
            _ when der.Any(d => d is null) =>
                (fromMetadata ? "saml.metadata" : "saml.signingCertificates", $"{prefix}signing certificates must each be an X.509 certificate with an RSA key, as PEM or base64.".Capitalized()),
            _ when usernameAttribute is { Length: > MaximumAttribute } =>
                ("saml.usernameAttribute", $"usernameAttribute must be at most {MaximumAttribute} characters; leave it out to use the NameID."),
            _ when string.IsNullOrWhiteSpace(input.GroupsAttribute) || input.GroupsAttribute.Trim().Length > MaximumAttribute =>
                ("saml.groupsAttribute", $"groupsAttribute must name an attribute (1 to {MaximumAttribute} characters)."),
            _ => (null, null),
        };
        return problem is not null
            ? null
            : new SamlProviderState(entityId!, ssoUrl!, [.. der.Select(d => Convert.ToBase64String(d!)).Distinct(StringComparer.Ordinal)], usernameAttribute, input.GroupsAttribute.Trim());
    }

    /// <summary>Where the browser may be sent with a request: absolute https, or http on loopback only.</summary>
    public static bool IsAcceptableSsoUrl(string? url) =>
        url is { Length: <= 2000 } && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    // The certificate's DER when it is one with an RSA public key, else null.
    private static byte[]? Der(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64 * 1024)
        {
            return null;
        }

        var trimmed = text.Trim();
        byte[] der;
        if (PemEncoding.TryFind(trimmed, out var pem))
        {
            if (!trimmed[pem.Label].SequenceEqual("CERTIFICATE"))
            {
                return null;
            }

            der = Convert.FromBase64String(trimmed[pem.Base64Data].ToString());
        }
        else
        {
            var base64 = string.Concat(trimmed.Where(c => !char.IsWhiteSpace(c)));
            der = new byte[base64.Length];
            if (!Convert.TryFromBase64String(base64, der, out var written))
            {
                return null;
            }

            der = der[..written];
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            using var key = certificate.GetRSAPublicKey();
            return key is null ? null : certificate.RawData;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static string Capitalized(this string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
