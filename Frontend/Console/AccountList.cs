using System.Collections.Immutable;

namespace Kagi.Frontend.Console;

/// <summary>Several account ids typed into one field, separated by commas or spaces, each in its canonical form.</summary>
public static class AccountList
{
    private static readonly char[] Separators = [',', '、', ' ', '\t', '\n', '\r'];

    /// <summary>The ids in the order typed, each once; an id that is not valid is kept as typed, so validation names it.</summary>
    public static ImmutableArray<string> Parse(string? typed) =>
    [
        .. (typed ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => Identifiers.Fold(id) ?? id)
            .Distinct(StringComparer.Ordinal),
    ];
}
