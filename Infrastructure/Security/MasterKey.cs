namespace Kagi.Security;

/// <summary>
/// The AES-256 key that protects secrets at rest until per-tenant envelope keys arrive.
/// Registered once in the silo's services.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;

    public MasterKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != Length)
        {
            throw new ArgumentException($"The master key must be {Length} bytes.", nameof(key));
        }

        Key = key;
    }

    internal byte[] Key { get; }

    /// <summary>Parses the base64 form used in configuration; null when malformed.</summary>
    public static MasterKey? TryParse(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[Length + 3];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == Length
            ? new MasterKey(buffer[..Length])
            : null;
    }
}
