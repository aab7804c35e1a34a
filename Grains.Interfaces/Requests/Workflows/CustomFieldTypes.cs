using System.Collections.Immutable;

namespace Kagi.Requests.Workflows;

/// <summary>The kinds of value a custom field holds. Values are always stored as text; the type says how a value
/// must be written (a number in invariant digits, a day as yyyy-MM-dd) and how the console asks for it.</summary>
public static class CustomFieldTypes
{
    public const string Text = "text";
    public const string Multiline = "multiline";
    public const string Number = "number";
    public const string Date = "date";

    public static readonly ImmutableArray<string> All = [Text, Multiline, Number, Date];
}
