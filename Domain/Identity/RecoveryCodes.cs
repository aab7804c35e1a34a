using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Kagi.Domain.Randomness;

namespace Kagi.Domain.Identity;

/// <summary>
/// Single-use recovery codes: 80 random bits each (16 base32 characters in groups of four), stored
/// as SHA-256 hashes; at that entropy a fast hash cannot be reversed by guessing.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static ImmutableArray<string> Generate(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var codes = ImmutableArray.CreateBuilder<string>(Count);
        for (var i = 0; i < Count; i++)
        {
            var chars = new char[16];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = random.Pick(Alphabet);
            }

            codes.Add($"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}-{new string(chars, 12, 4)}");
        }

        return codes.MoveToImmutable();
    }

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(code))));

    /// <summary>The stored hashes without the one matching <paramref name="code"/>, or null when none matches.</summary>
    public static ImmutableArray<string>? Redeem(ImmutableArray<string> hashes, string code)
    {
        var hash = Encoding.ASCII.GetBytes(Hash(code));
        foreach (var stored in hashes)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), hash))
            {
                return hashes.Remove(stored);
            }
        }

        return null;
    }

    private static string Normalize(string code) =>
        new([.. code.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
}
