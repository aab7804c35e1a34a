using System.Security.Cryptography;
using Kagi.Domain.Randomness;

namespace Kagi.Security;

/// <summary>The operating system's cryptographic generator, the only random source Kagi itself uses.</summary>
public sealed class CryptoRandom : IRandomSource
{
    public static CryptoRandom Shared { get; } = new();

    private CryptoRandom()
    {
    }

    public int Below(int exclusiveMaximum) => RandomNumberGenerator.GetInt32(exclusiveMaximum);
}
