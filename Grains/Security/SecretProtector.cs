using System.Security.Cryptography;
using System.Text;

namespace Kagi.Security;

/// <summary>
/// AES-256-GCM for secrets at rest. Layout: key id (1 byte) | nonce (12) | tag (16) | ciphertext.
/// The key id lets a later keyring tell which key sealed a value.
/// </summary>
public sealed class SecretProtector(MasterKey masterKey)
{
    private const byte MasterKeyId = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    public byte[] Protect(string plaintext, SecretContext context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            var sealedValue = new byte[HeaderSize + plain.Length];
            sealedValue[0] = MasterKeyId;
            var nonce = sealedValue.AsSpan(1, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(masterKey.Key, TagSize);
            aes.Encrypt(nonce, plain, sealedValue.AsSpan(HeaderSize), sealedValue.AsSpan(1 + NonceSize, TagSize), context.ToAssociatedData());
            return sealedValue;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Decrypts, or throws <see cref="CryptographicException"/> when the value was altered,
    /// moved to another context, or sealed with an unknown key.</summary>
    public string Unprotect(byte[] sealedValue, SecretContext context)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        if (sealedValue.Length < HeaderSize || sealedValue[0] != MasterKeyId)
        {
            throw new CryptographicException("The protected value is malformed or sealed with an unknown key.");
        }

        var plain = new byte[sealedValue.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(masterKey.Key, TagSize);
            aes.Decrypt(sealedValue.AsSpan(1, NonceSize), sealedValue.AsSpan(HeaderSize), sealedValue.AsSpan(1 + NonceSize, TagSize), plain, context.ToAssociatedData());
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
