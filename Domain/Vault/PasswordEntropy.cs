using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// How hard a password generated under some rules is to guess, from the rules alone. The generator
/// draws one character from each enabled class (what exclusions leave of it), the rest from all of
/// them together, then shuffles. Counting each class draw at its class's size and leaving the shuffle
/// out gives a lower bound on the entropy (and on the min-entropy): the floor holds whatever the
/// shuffle adds.
/// </summary>
/// <param name="Bits">The lower bound in bits; 0 for rules that cannot produce a password.</param>
/// <param name="PoolSize">How many characters remain after exclusions.</param>
/// <param name="Length">How long the passwords are.</param>
public sealed record PasswordEntropy(double Bits, int PoolSize, int Length)
{
    /// <summary>No generated password may be easier to guess than this, whatever its rules say.</summary>
    public const int MinimumBits = 80;

    public bool MeetsFloor => Bits >= MinimumBits;

    public static PasswordEntropy Of(PasswordRules rules)
    {
        var classes = PasswordGenerator.ClassesOf(rules);
        var pool = classes.Sum(c => c.Length);
        if (classes.Count == 0 || rules.Length < classes.Count)
        {
            return new PasswordEntropy(0, pool, rules.Length);
        }

        var bits = classes.Sum(c => Math.Log2(c.Length)) + ((rules.Length - classes.Count) * Math.Log2(pool));
        return new PasswordEntropy(bits, pool, rules.Length);
    }

    /// <summary>Why the rules given as <paramref name="field"/> make passwords too easy to guess, or null.</summary>
    public string? Problem(string field) => MeetsFloor
        ? null
        : $"{field} gives generated passwords only {Math.Floor(Bits):0} bits of entropy ({Length} characters from {PoolSize}); "
            + $"they need at least {MinimumBits}: allow longer passwords or more characters.";
}
