namespace Kagi.Domain.Randomness;

/// <summary>Choices built on <see cref="IRandomSource.Below"/>, so every source gets them the same way.</summary>
public static class RandomChoices
{
    /// <summary>One character of <paramref name="alphabet"/>, each equally likely.</summary>
    public static char Pick(this IRandomSource random, string alphabet)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentException.ThrowIfNullOrEmpty(alphabet);
        return alphabet[random.Below(alphabet.Length)];
    }

    /// <summary>A Fisher–Yates shuffle: every order equally likely.</summary>
    public static void Shuffle(this IRandomSource random, Span<char> items)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
