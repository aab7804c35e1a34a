using System.Security.Cryptography;

namespace Kagi.Domain.Vault;

/// <summary>
/// Generates account passwords with every character class present. The symbol set leaves out
/// quotes, backslash and whitespace, which targets and shells treat specially.
/// </summary>
public sealed class PasswordGenerator(int length = PasswordGenerator.DefaultLength)
{
    public const int DefaultLength = 24;

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "-_.~!#%+=@^*";
    private static readonly string[] Classes = [Upper, Lower, Digits, Symbols];
    private static readonly string All = string.Concat(Classes);

    public string Generate()
    {
        if (length < Classes.Length)
        {
            throw new InvalidOperationException($"A password needs at least {Classes.Length} characters.");
        }

        var chars = new char[length];
        for (var i = 0; i < chars.Length; i++)
        {
            // The first characters guarantee one of each class; the shuffle hides where they are.
            var pool = i < Classes.Length ? Classes[i] : All;
            chars[i] = pool[RandomNumberGenerator.GetInt32(pool.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        var password = new string(chars);
        Array.Clear(chars);
        return password;
    }
}
