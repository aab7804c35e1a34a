using System.Security.Cryptography.X509Certificates;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// A cluster's throw-away CA and its nodes' certificates as the PEM files an operator would hand
/// each node (<c>KAGI_CLUSTER_TLS_CERT</c>, <c>_KEY</c>, <c>_CA</c>), in a directory removed on dispose.
/// </summary>
public sealed class ClusterPki : IDisposable
{
    private readonly X509Certificate2 _authority;

    public ClusterPki(string name)
    {
        _authority = TestCertificates.CreateCa(name);
        Directory = System.IO.Directory.CreateTempSubdirectory("kagi-cluster-pki-").FullName;
        AuthorityFile = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(AuthorityFile, _authority.ExportCertificatePem());
    }

    public string Directory { get; }

    public string AuthorityFile { get; }

    /// <summary>The three settings of a node whose certificate this CA issued and which trusts this CA.</summary>
    public Dictionary<string, string> NodeSettings(string node, bool serves = true) => NodeSettings(node, this, serves);

    /// <summary>The settings of a node with a certificate from this CA that trusts <paramref name="trusted"/>'s CA.</summary>
    public Dictionary<string, string> NodeSettings(string node, ClusterPki trusted, bool serves = true)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        using var certificate = TestCertificates.IssueForClusterNode(_authority, node, serves);
        var certificateFile = Path.Combine(Directory, node + ".pem");
        var keyFile = Path.Combine(Directory, node + ".key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return new Dictionary<string, string>
        {
            ["KAGI_CLUSTER_TLS_CERT"] = certificateFile,
            ["KAGI_CLUSTER_TLS_KEY"] = keyFile,
            ["KAGI_CLUSTER_TLS_CA"] = trusted.AuthorityFile,
        };
    }

    /// <summary>A node certificate from this CA, with its key, for a test's own TLS client.</summary>
    public X509Certificate2 IssueNode(string node) => TestCertificates.IssueForClusterNode(_authority, node);

    /// <summary>Whether this CA issued <paramref name="certificate"/> (and it is current).</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        _authority.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
