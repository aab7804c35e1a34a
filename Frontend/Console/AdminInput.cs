using System.Collections.Immutable;
using Kagi.Identity;

namespace Kagi.Frontend.Console;

/// <summary>
/// How the admin pages read what was typed: a list of names in one field (commas, spaces or lines
/// between them), folded as the API folds identifiers; an empty field is "not given". Whether the
/// names are valid is for the request's validator to say, as it says it to the API.
/// </summary>
public static class AdminInput
{
    private static readonly char[] Separators = [',', ' ', '\n', '\r', '\t', '、'];

    public static ImmutableArray<string> Names(string? text) =>
        text is null ? [] : [.. text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => Identifiers.Fold(name)!)];

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string Join(IEnumerable<string>? names) => names is null ? "" : string.Join(", ", names);
}
