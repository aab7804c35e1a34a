using System.Security.Cryptography;
using System.Text;

namespace Kagi.Security.Keys;

/// <summary>HKDF-SHA256: one key per purpose (salt) and context (info), e.g. per tenant.</summary>
public static class KeyDerivation
{
    public static byte[] Derive(byte[] root, string purpose, string context)
    {
        ArgumentException.ThrowIfNullOrEmpty(context);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, salt: Encoding.UTF8.GetBytes("kagi/" + purpose), info: Encoding.UTF8.GetBytes(context));
    }
}
