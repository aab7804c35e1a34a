using System.Text.RegularExpressions;

namespace Kagi.Connectors;

/// <summary>
/// The account names the SSH connector passes to commands: Debian's default rule for useradd
/// (<c>NAME_REGEX</c>: lowercase letter or underscore first, then lowercase letters, digits, '_' and '-'),
/// at most 32 characters. Anything else is refused before a command runs, so a name can never
/// break out of the <c>user:password</c> line or a command line.
/// </summary>
public static partial class LinuxAccountName
{
    public const int MaxLength = 32;

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(name);

    public static void EnsureValid(string name, string parameterName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a Linux account name Kagi manages (lowercase letter or '_' first, then [a-z0-9_-], at most {MaxLength} characters).",
                parameterName);
        }
    }

    [GeneratedRegex(@"\A[a-z_][a-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
