using Kagi.Frontend.Mediation;

namespace Kagi.Frontend.Features.Inventory;

/// <summary>Checks shared by the inventory listings' query filters.</summary>
public static class ListFilters
{
    private const int MaximumPrefixLength = Identifiers.MaximumLength;

    /// <summary>A name prefix: the start of an identifier (so it may be one character, and need not be a whole id).</summary>
    public static void Prefix(ValidationErrors errors, string? prefix)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (prefix is not null && (prefix.Length is 0 or > MaximumPrefixLength || !Identifiers.IsValid(prefix)))
        {
            errors.Add("prefix", $"must be the start of an identifier ({Identifiers.Rule}).");
        }
    }

    /// <summary>A yes/no filter: <c>true</c> or <c>false</c>.</summary>
    public static void Switch(ValidationErrors errors, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is not null && value is not ("true" or "false"))
        {
            errors.Add(field, "must be true or false.");
        }
    }

    public static bool? ToSwitch(string? value) => value is null ? null : value == "true";
}
