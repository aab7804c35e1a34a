using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kagi.Siem;

/// <summary>
/// How a SIEM receiver's TLS certificate is checked: it must be there and name the host Kagi dialled,
/// and its chain must end at the system's trusted roots or, when the destination names its own CA
/// certificates, at one of those (the system's roots then count for nothing). Nothing is ever accepted
/// blindly. Revocation is not checked against a destination's own CA: private CAs seldom publish CRLs.
/// </summary>
public static class SiemTrust
{
    /// <summary>Parses the destination's PEM; null (system roots) when it has none.</summary>
    /// <exception cref="CryptographicException">The text holds no certificate.</exception>
    public static X509Certificate2Collection? Anchors(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPem(pem);
        return anchors.Count > 0 ? anchors : throw new CryptographicException("No certificate in the PEM text.");
    }

    public static RemoteCertificateValidationCallback Callback(X509Certificate2Collection? anchors) =>
        (_, certificate, chain, errors) => IsTrusted(anchors, certificate, chain, errors);

    public static bool IsTrusted(X509Certificate2Collection? anchors, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        if (anchors is null)
        {
            return errors == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(anchors);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // Intermediates the server sent along.
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
