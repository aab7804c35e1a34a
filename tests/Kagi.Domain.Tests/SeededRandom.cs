using Kagi.Domain.Randomness;

namespace Kagi.Tests.Domain;

/// <summary>
/// Reproducible sources for the rules' random choices: the same seed gives the same choices.
/// <see cref="Any"/> is for tests that only need variety (and is safe from parallel tests).
/// </summary>
internal sealed class SeededRandom : IRandomSource
{
    private readonly Random _random;

    public SeededRandom(int seed) => _random = new Random(seed);

    private SeededRandom(Random shared) => _random = shared;

    public static SeededRandom Any() => new(Random.Shared);

    public int Below(int exclusiveMaximum) => _random.Next(exclusiveMaximum);
}
