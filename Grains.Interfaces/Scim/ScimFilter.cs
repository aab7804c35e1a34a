using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kagi.Scim;

/// <summary>
/// The one filter Kagi answers (RFC 7644 3.4.2.2): <c>attribute eq "value"</c>, which is what Entra ID and Okta send
/// to find a user by <c>userName</c> or a group by <c>displayName</c> before creating it. Attribute names and the
/// operator compare without case, as the RFC says; the value is a JSON string. Anything else is refused with
/// <c>invalidFilter</c> rather than answered as if it matched nothing.
/// </summary>
public static partial class ScimFilter
{
    public const int MaximumLength = 512;

    /// <summary>The value compared with <paramref name="attribute"/>.</summary>
    public static string Equality(string filter, string attribute)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(attribute);
        if (filter.Length > MaximumLength)
        {
            throw new ScimException(ScimException.InvalidFilter, $"The filter is longer than {MaximumLength} characters.");
        }

        var match = Shape().Match(filter);
        if (!match.Success)
        {
            throw new ScimException(ScimException.InvalidFilter, $"Kagi answers only the filter '{attribute} eq \"value\"'.");
        }

        if (!string.Equals(match.Groups["attribute"].Value, attribute, StringComparison.OrdinalIgnoreCase))
        {
            throw new ScimException(ScimException.InvalidFilter, $"Kagi filters only by {attribute}, not by '{match.Groups["attribute"].Value}'.");
        }

        try
        {
            return JsonSerializer.Deserialize<string>(match.Groups["value"].Value)
                ?? throw new ScimException(ScimException.InvalidFilter, "The filter's value must be a string.");
        }
        catch (JsonException)
        {
            throw new ScimException(ScimException.InvalidFilter, "The filter's value is not a well-formed JSON string.");
        }
    }

    [GeneratedRegex("""\A\s*(?<attribute>[A-Za-z][A-Za-z0-9_.:-]*)\s+[eE][qQ]\s+(?<value>"(?:[^"\\]|\\.)*")\s*\z""", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Shape();
}
