using Kagi.Identity;

namespace Kagi.Domain.Inventory;

/// <summary>Comparing what a user reports with what the inventory holds, so an unchanged report writes nothing.</summary>
public static class DirectoryEntries
{
    /// <summary>Whether two entries say the same (arrays by content, not by reference).</summary>
    public static bool Same(DirectoryEntry? a, DirectoryEntry? b) =>
        a is null || b is null ? ReferenceEquals(a, b)
        : a.Username == b.Username && a.Email == b.Email && a.Locale == b.Locale && a.Disabled == b.Disabled
          && a.Delegation == b.Delegation && Items(a.Roles).SequenceEqual(Items(b.Roles)) && Items(a.Groups).SequenceEqual(Items(b.Groups));

    /// <summary>An entry for a user known only by name and roles (reported before directory entries existed).</summary>
    public static DirectoryEntry Bare(string username, System.Collections.Immutable.ImmutableArray<string> roles) =>
        new(username, roles, null, DirectoryEntry.DefaultLocale, [], Disabled: false);

    private static System.Collections.Immutable.ImmutableArray<string> Items(System.Collections.Immutable.ImmutableArray<string> values) =>
        values.IsDefault ? [] : values;
}
