using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Kagi.Siem;

namespace Kagi.Connectors;

/// <summary>
/// A target's own CA certificates, in the form libldap takes trust anchors: files in a directory
/// (<c>LDAP_OPT_X_TLS_CACERTDIR</c>, given to one connection's own TLS context, so nothing is trusted machine-wide).
/// Each distinct CA text gets a directory named by its SHA-256, written once and never changed, holding only the
/// certificates parsed from it; all of them live inside one directory this process created for itself (mode 0700), so
/// no other user can slip a certificate in.
/// </summary>
/// <remarks>libldap built on GnuTLS (Debian's and Ubuntu's) reads every file of the directory. A build on OpenSSL
/// looks certificates up by subject hash instead and would not find these: there, trust the CA through
/// <c>TLS_CACERT</c> as before.</remarks>
internal static class LdapTrustAnchors
{
    private static readonly Lazy<string> Root = new(() => Directory.CreateTempSubdirectory("kagi-ldap-ca-").FullName);
    private static readonly ConcurrentDictionary<string, string> Written = new(StringComparer.Ordinal);

    /// <summary>The directory holding the certificates of <paramref name="pem"/>.</summary>
    /// <exception cref="CryptographicException">The text holds no certificate.</exception>
    public static string DirectoryFor(string pem) =>
        Written.GetOrAdd(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pem))), name => Write(name, pem));

    private static string Write(string name, string pem)
    {
        var anchors = SiemTrust.Anchors(pem) ?? throw new CryptographicException("No certificate in the PEM text.");
        var directory = Path.Combine(Root.Value, name);
        // Written beside, then moved into place whole: a connection never sees half a directory.
        var staging = Directory.CreateDirectory(directory + ".new-" + Guid.NewGuid().ToString("N")).FullName;
        for (var i = 0; i < anchors.Count; i++)
        {
            File.WriteAllText(Path.Combine(staging, $"ca{i}.pem"), anchors[i].ExportCertificatePem());
        }

        try
        {
            Directory.Move(staging, directory);
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            Directory.Delete(staging, recursive: true); // another thread wrote the same certificates first
        }

        return directory;
    }
}
