using System.Text.RegularExpressions;

namespace Kagi;

/// <summary>Ids of accounts, targets and users: letters, digits and <c>._-@</c>, no '/', at most 64 characters.</summary>
public static partial class Identifiers
{
    public const string Rule = "1-64 characters: letters, digits, '.', '_', '-', '@', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex Pattern();
}
