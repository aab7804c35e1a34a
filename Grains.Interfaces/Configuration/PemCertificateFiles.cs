using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kagi.Configuration;

/// <summary>
/// Certificates and keys from the PEM files an operator names in settings, checked at start:
/// every problem is recorded on the <see cref="SettingsReader"/> in one line naming the setting,
/// never with key material.
/// </summary>
public static class PemCertificateFiles
{
    /// <summary>
    /// The first certificate of <paramref name="certificatePath"/> with the private key of
    /// <paramref name="keyPath"/>, current at <paramref name="now"/>, and the certificates that follow it.
    /// </summary>
    public static (X509Certificate2? Certificate, X509Certificate2Collection Chain) LoadWithKey(
        SettingsReader reader, string certificateSetting, string certificatePath, string keySetting, string keyPath, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var chain = LoadCertificates(reader, certificateSetting, certificatePath);
        var keyPem = ReadFile(reader, keySetting, keyPath);
        if (chain is null || keyPem is null || !IsCurrent(reader, certificateSetting, chain[0], now))
        {
            return (null, []);
        }

        X509Certificate2 withKey;
        try
        {
            // Throws when the key cannot be read or is encrypted (CryptographicException) or belongs
            // to another certificate (ArgumentException).
            withKey = X509Certificate2.CreateFromPem(chain[0].ExportCertificatePem(), keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            reader.Fail(keySetting, $"is not the unencrypted PEM private key of the certificate in {SettingsReader.EnvironmentPrefix}{certificateSetting}");
            return (null, []);
        }

        var leaf = chain[0];
        chain.RemoveAt(0);
        leaf.Dispose();
        return (withKey, chain);
    }

    /// <summary>Every certificate in the PEM file, or null (recorded) when it holds none or cannot be read.</summary>
    public static X509Certificate2Collection? LoadCertificates(SettingsReader reader, string setting, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var pem = ReadFile(reader, setting, path);
        if (pem is null)
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            // Reported below: the collection stays empty.
        }

        if (certificates.Count == 0)
        {
            reader.Fail(setting, $"file {path} holds no PEM certificate; expected '-----BEGIN CERTIFICATE-----'");
            return null;
        }

        return certificates;
    }

    /// <summary>Records a problem unless <paramref name="certificate"/> is valid at <paramref name="now"/>.</summary>
    public static bool IsCurrent(SettingsReader reader, string setting, X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.NotAfter.ToUniversalTime() > now.UtcDateTime && certificate.NotBefore.ToUniversalTime() <= now.UtcDateTime)
        {
            return true;
        }

        reader.Fail(setting, $"is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now; expected a current certificate");
        return false;
    }

    private static string? ReadFile(SettingsReader reader, string setting, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "does not exist",
                UnauthorizedAccessException => "is not readable by this process",
                _ => "cannot be read",
            };
            reader.Fail(setting, $"file {path} {why}; expected a readable PEM file");
            return null;
        }
    }
}
