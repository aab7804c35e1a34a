using System.Collections.Immutable;
using System.Text.Json;

namespace Kagi.Scim;

/// <summary>Reading SCIM JSON as RFC 7643 2.1 says: attribute names compare without case.</summary>
public static class ScimJson
{
    public const int MaximumValues = 1000;

    public static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>A string attribute; JSON null (or absent) is null.</summary>
    public static string? Text(JsonElement? value, string attribute) => value switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        _ => throw new ScimException(ScimException.InvalidValue, $"'{attribute}' must be a string."),
    };

    /// <summary>A boolean attribute. Entra ID sends <c>"True"</c>/<c>"False"</c> as strings, so those count too.</summary>
    public static bool Flag(JsonElement? value, string attribute) => value switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } text when bool.TryParse(text.GetString(), out var parsed) => parsed,
        _ => throw new ScimException(ScimException.InvalidValue, $"'{attribute}' must be true or false."),
    };

    /// <summary>The <c>value</c>s of a multi-valued attribute such as <c>members</c> or <c>groups</c>: an array of
    /// <c>{"value": "…"}</c> (one such object alone is taken as an array of one).</summary>
    public static ImmutableArray<string> Values(JsonElement? value, string attribute)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var items = element.ValueKind switch
        {
            JsonValueKind.Array => element.EnumerateArray().ToList(),
            JsonValueKind.Object => [element],
            _ => throw new ScimException(ScimException.InvalidValue, $"'{attribute}' must be a list of {{\"value\": \"…\"}}."),
        };
        if (items.Count > MaximumValues)
        {
            throw new ScimException(ScimException.InvalidValue, $"'{attribute}' may hold at most {MaximumValues} values.");
        }

        return [.. items.Select(item => Text(Property(item, "value"), attribute + ".value")
            ?? throw new ScimException(ScimException.InvalidValue, $"Every entry of '{attribute}' needs a \"value\"."))];
    }

    /// <summary>The address of <c>emails</c>: the one marked primary, else the first; an empty list is none ("").</summary>
    public static string Email(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return "";
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new ScimException(ScimException.InvalidValue, "'emails' must be a list of {\"value\": \"…\"}.");
        }

        var emails = element.EnumerateArray().ToList();
        var chosen = emails.FirstOrDefault(email => Property(email, "primary") is { ValueKind: JsonValueKind.True });
        if (chosen.ValueKind == JsonValueKind.Undefined)
        {
            chosen = emails.FirstOrDefault();
        }

        return chosen.ValueKind == JsonValueKind.Undefined ? "" : Text(Property(chosen, "value"), "emails.value") ?? "";
    }
}
