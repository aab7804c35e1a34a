using System.Security.Cryptography;
using System.Text;

namespace Kagi.Kagictl.Archive;

/// <summary>
/// The key an operator holds for backups: 32 bytes in a file, raw (<c>openssl rand -out backup.key 32</c>) or
/// base64 (<c>openssl rand -base64 32 &gt; backup.key</c>). It is never Kagi's master key: an archive stolen
/// with the master key beside it would open every secret in it.
/// </summary>
public sealed class OperatorKey
{
    public const int Length = 32;

    private OperatorKey(byte[] bytes) => Bytes = bytes;

    internal byte[] Bytes { get; }

    public static OperatorKey FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return bytes.Length == Length ? new OperatorKey(bytes) : throw new ArgumentException($"A backup key is {Length} bytes.", nameof(bytes));
    }

    /// <summary>Reads the key file; <paramref name="masterKey"/> (the silo's, base64, when set) is refused as a backup key.</summary>
    public static OperatorKey Read(string path, string? masterKey)
    {
        var raw = File.ReadAllBytes(path);
        var key = raw.Length == Length ? raw : FromBase64(raw)
            ?? throw new BackupArchiveException($"The key file {path} holds neither 32 bytes nor 32 bytes in base64 (make one with `openssl rand -out {path} 32`).");
        if (masterKey is not null && FromBase64(Encoding.UTF8.GetBytes(masterKey)) is { } master && CryptographicOperations.FixedTimeEquals(master, key))
        {
            throw new BackupArchiveException("The key file holds Kagi's master key; backups are encrypted to a key of their own, kept apart from it.");
        }

        return new OperatorKey(key);
    }

    private static byte[]? FromBase64(byte[] text)
    {
        try
        {
            var decoded = Convert.FromBase64String(Encoding.ASCII.GetString(text).Trim());
            return decoded.Length == Length ? decoded : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
