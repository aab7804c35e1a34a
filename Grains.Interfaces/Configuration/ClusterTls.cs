using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kagi.Configuration;

/// <summary>
/// Mutual TLS inside the cluster, silo to silo and Frontend to gateway (<c>KAGI_CLUSTER_TLS_CERT</c>,
/// <c>KAGI_CLUSTER_TLS_KEY</c>, <c>KAGI_CLUSTER_TLS_CA</c>, PEM files). Every node presents its own
/// certificate and accepts a peer only if the peer's certificate was issued by the configured CA:
/// the CA, not host names, says who is a member, since a silo's address is whatever it advertises.
/// So the CA must issue certificates for this cluster and nothing else.
/// </summary>
public sealed class ClusterTls
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private ClusterTls(X509Certificate2 certificate, X509Certificate2 authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The cluster's CA: the only trust anchor for peers.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>
    /// Whether a peer's certificate chains to <see cref="Authority"/> and is current. It replaces the
    /// platform's verdict (system roots, host name): a cluster's certificates come from its own CA
    /// and name no host.
    /// </summary>
    public bool Trusts(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate)
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(Authority.RawDataMemory.Span);
    }

    /// <summary>
    /// Reads the three files, or none (no TLS: the embedded default). Checks that the certificate
    /// and the CA are current, the key is the certificate's, the CA issued it, and its key usages
    /// allow client authentication and, on a silo (<paramref name="listens"/>), server authentication.
    /// </summary>
    public static ClusterTls? Read(SettingsReader reader, DateTimeOffset now, bool listens)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var certificatePath = reader.Optional("CLUSTER_TLS_CERT");
        var keyPath = reader.Optional("CLUSTER_TLS_KEY");
        var authorityPath = reader.Optional("CLUSTER_TLS_CA");
        if (certificatePath is null && keyPath is null && authorityPath is null)
        {
            return null;
        }

        if (certificatePath is null || keyPath is null || authorityPath is null)
        {
            var missing = new[] { ("CLUSTER_TLS_CERT", certificatePath), ("CLUSTER_TLS_KEY", keyPath), ("CLUSTER_TLS_CA", authorityPath) }
                .Where(s => s.Item2 is null).Select(s => SettingsReader.EnvironmentPrefix + s.Item1);
            reader.Fail(missing.First()[SettingsReader.EnvironmentPrefix.Length..], $"is missing; cluster TLS needs {string.Join(", ", missing)} as well as the others set: all three PEM files or none");
            return null;
        }

        var authorities = PemCertificateFiles.LoadCertificates(reader, "CLUSTER_TLS_CA", authorityPath);
        var (certificate, _) = PemCertificateFiles.LoadWithKey(reader, "CLUSTER_TLS_CERT", certificatePath, "CLUSTER_TLS_KEY", keyPath, now);
        if (authorities is null || certificate is null || !PemCertificateFiles.IsCurrent(reader, "CLUSTER_TLS_CA", authorities[0], now))
        {
            return null;
        }

        var tls = new ClusterTls(certificate, authorities[0]);
        if (!tls.Trusts(certificate))
        {
            reader.Fail("CLUSTER_TLS_CERT", "is not issued by the CA in KAGI_CLUSTER_TLS_CA; expected this node's certificate from the cluster's CA (peers would refuse it)");
            return null;
        }

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault()?.EnhancedKeyUsages;
        if (usages is not null && (!Allows(usages, ClientAuthentication) || (listens && !Allows(usages, ServerAuthentication))))
        {
            reader.Fail("CLUSTER_TLS_CERT", listens
                ? "does not allow both TLS server and client authentication; a silo accepts and opens connections, so its certificate needs extendedKeyUsage serverAuth and clientAuth"
                : "does not allow TLS client authentication; expected extendedKeyUsage clientAuth");
            return null;
        }

        return tls;
    }

    private static bool Allows(OidCollection usages, string usage) => usages.Cast<Oid>().Any(o => o.Value == usage);
}
