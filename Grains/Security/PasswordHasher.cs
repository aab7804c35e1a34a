using System.Security.Cryptography;
using System.Text;
using Geralt;

namespace Kagi.Security;

/// <summary>
/// Argon2id through libsodium (Geralt). The encoded hash carries its own parameters, salt and version.
/// Parameters: ASVS 5.0 appendix C minimum (m = 19 MiB, t = 2, p = 1).
/// </summary>
public sealed class PasswordHasher
{
    public const int Iterations = 2;
    public const int MemoryBytes = 19 * 1024 * 1024;

    // Verified when the user does not exist, so a miss costs as much as a wrong password.
    private readonly Lazy<string> _decoy = new(() => Compute(RandomNumberGenerator.GetHexString(32)));

    public string Hash(string password) => Compute(password);

    public bool Verify(string encodedHash, string password)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return Argon2id.VerifyHash(encodedHash, bytes);
        }
        catch (ArgumentException)
        {
            // A corrupt stored hash refuses the sign-in rather than failing it with an error.
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Spends the time of one verification and fails; used for unknown users.</summary>
    public bool VerifyDecoy(string password)
    {
        Verify(_decoy.Value, password);
        return false;
    }

    private static string Compute(string password)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            Span<char> hash = stackalloc char[Argon2id.HashSize];
            Argon2id.ComputeHash(hash, bytes, Iterations, MemoryBytes);
            return new string(hash).TrimEnd('\0');
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
