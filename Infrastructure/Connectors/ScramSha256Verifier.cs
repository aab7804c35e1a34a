using System.Security.Cryptography;
using System.Text;

namespace Kagi.Connectors;

/// <summary>
/// Computes the SCRAM-SHA-256 verifier PostgreSQL stores in <c>pg_authid.rolpassword</c>
/// (RFC 5802 / RFC 7677), exactly as libpq's <c>PQencryptPasswordConn</c> (psql's <c>\password</c>) does,
/// so a password can be set with <c>ALTER ROLE … PASSWORD '&lt;verifier&gt;'</c> without the plaintext
/// ever reaching the server or its logs.
/// </summary>
/// <remarks>
/// PostgreSQL runs the password through SASLprep (RFC 4013) before hashing, but returns pure ASCII input
/// unchanged. Kagi generates ASCII passwords, so this class supports exactly that case and rejects
/// anything else (non-ASCII characters and NUL) with an <see cref="ArgumentException"/> rather than
/// risk storing a verifier that the server's own SASLprep would never match.
/// </remarks>
public static class ScramSha256Verifier
{
    /// <summary>The iteration count PostgreSQL uses by default (<c>scram_iterations</c>).</summary>
    public const int DefaultIterations = 4096;

    /// <summary>Length of the random salt, as PostgreSQL generates it.</summary>
    public const int DefaultSaltLength = 16;

    private const int KeyLength = 32; // SHA-256 output size.

    private static ReadOnlySpan<byte> ClientKeyLabel => "Client Key"u8;

    private static ReadOnlySpan<byte> ServerKeyLabel => "Server Key"u8;

    /// <summary>Computes a verifier with a fresh random 16-byte salt.</summary>
    public static string Compute(string password, int iterations = DefaultIterations)
    {
        Span<byte> salt = stackalloc byte[DefaultSaltLength];
        RandomNumberGenerator.Fill(salt);
        return Compute(password, salt, iterations);
    }

    /// <summary>
    /// Computes <c>SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt;</c> (base64 parts).
    /// </summary>
    /// <exception cref="ArgumentException">The password is empty, or contains a non-ASCII character or NUL.</exception>
    public static string Compute(string password, ReadOnlySpan<byte> salt, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        if (salt.IsEmpty)
        {
            throw new ArgumentException("The salt must not be empty.", nameof(salt));
        }

        foreach (var c in password)
        {
            // Never echo the offending character: it is part of a secret.
            if (c is '\0' or > '\u007f')
            {
                throw new ArgumentException(
                    "Only ASCII passwords without NUL are supported (SASLprep is not implemented for other input).",
                    nameof(password));
            }
        }

        var passwordBytes = new byte[password.Length]; // ASCII: one byte per char.
        Span<byte> saltedPassword = stackalloc byte[KeyLength];
        Span<byte> clientKey = stackalloc byte[KeyLength];
        Span<byte> storedKey = stackalloc byte[KeyLength];
        Span<byte> serverKey = stackalloc byte[KeyLength];
        try
        {
            Encoding.ASCII.GetBytes(password, passwordBytes);
            Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, saltedPassword, iterations, HashAlgorithmName.SHA256);
            HMACSHA256.HashData(saltedPassword, ClientKeyLabel, clientKey);
            SHA256.HashData(clientKey, storedKey);
            HMACSHA256.HashData(saltedPassword, ServerKeyLabel, serverKey);

            return string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            CryptographicOperations.ZeroMemory(saltedPassword);
            CryptographicOperations.ZeroMemory(clientKey);
            CryptographicOperations.ZeroMemory(storedKey);
            CryptographicOperations.ZeroMemory(serverKey);
        }
    }
}
