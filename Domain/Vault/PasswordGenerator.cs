using Kagi.Domain.Randomness;
using Kagi.Errors;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// Generates account passwords with every enabled character class present. The symbol set leaves
/// out quotes, backslash and whitespace, which targets and shells treat specially. Rules below
/// <see cref="PasswordEntropy.MinimumBits"/> are refused at the policy and target checks; the
/// generator refuses them again, so rules stored before the floor existed never yield a guessable password.
/// </summary>
public sealed class PasswordGenerator(int length = PasswordGenerator.DefaultLength)
{
    public const int DefaultLength = 24;
    public const int MaximumLength = 256;

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "-_.~!#%+=@^*";

    public string Generate(IRandomSource random) => Generate(PasswordRules.Default with { Length = length }, random);

    public static string Generate(PasswordRules rules, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var classes = ClassesOf(rules);
        if (Problem(rules, classes) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        if (PasswordEntropy.Of(rules).Problem("This password rule set") is { } weak)
        {
            throw new KagiException(ProblemCode.Invalid, weak);
        }

        var all = string.Concat(classes);
        var chars = new char[rules.Length];
        for (var i = 0; i < chars.Length; i++)
        {
            // The first characters guarantee one of each class; the shuffle hides where they are.
            var pool = i < classes.Count ? classes[i] : all;
            chars[i] = random.Pick(pool);
        }

        random.Shuffle(chars.AsSpan());
        var password = new string(chars);
        Array.Clear(chars);
        return password;
    }

    /// <summary>Why these rules cannot produce a password, or null when they can.</summary>
    public static string? Problem(PasswordRules rules) => Problem(rules, ClassesOf(rules));

    private static string? Problem(PasswordRules rules, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (classes.Count == 0)
        {
            return "At least one character class must be enabled and not wholly excluded.";
        }

        return rules.Length < classes.Count || rules.Length > MaximumLength
            ? $"A password needs {classes.Count} to {MaximumLength} characters."
            : null;
    }

    /// <summary>The enabled character classes, each without the excluded characters; wholly excluded ones left out.</summary>
    public static IReadOnlyList<string> ClassesOf(PasswordRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var enabled = new List<string>(4);
        foreach (var (on, pool) in new[] { (rules.Uppercase, Upper), (rules.Lowercase, Lower), (rules.Digits, Digits), (rules.Symbols, Symbols) })
        {
            var allowed = on ? new string([.. pool.Where(c => !rules.ExcludedCharacters.Contains(c, StringComparison.Ordinal))]) : "";
            if (allowed.Length > 0)
            {
                enabled.Add(allowed);
            }
        }

        return enabled;
    }
}
