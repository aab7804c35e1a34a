namespace Kagi.Domain.Randomness;

/// <summary>
/// Where the domain's random choices come from. The rules never pick a source themselves: Kagi passes
/// a cryptographic one (Kagi.Security.CryptoRandom), tests pass a seeded one, so generated passwords,
/// recovery codes and one-time names are reproducible in tests and unpredictable in production.
/// </summary>
public interface IRandomSource
{
    /// <summary>A uniformly chosen integer in [0, <paramref name="exclusiveMaximum"/>).</summary>
    int Below(int exclusiveMaximum);
}
