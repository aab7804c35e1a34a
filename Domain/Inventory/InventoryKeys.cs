namespace Kagi.Domain.Inventory;

/// <summary>
/// Row keys of a tenant's inventory table (one partition per tenant). Each listing is one key range:
/// a collection prefix, then the id, so a page continues after the last id and a name prefix narrows
/// the range. An account is also kept under its target, and a user under each group, as copies
/// written in the same transaction, so filtering by target or group is a range too.
/// <para>'|' separates and '~' closes a range: identifiers contain neither, and '~' sorts after every
/// character an identifier may hold.</para>
/// </summary>
public static class InventoryKeys
{
    public const string Accounts = "a|";
    public const string Users = "u|";
    public const string Targets = "t|";

    /// <summary>Delegations: the only record of them, so a rebuild keeps them.</summary>
    public const string Delegations = "d|";

    public static string AccountsOnTarget(string targetId) => $"o|{targetId}|";

    public static string UsersInGroup(string group) => $"g|{group}|";

    /// <summary>The key range of <paramref name="collection"/> holding ids that start with <paramref name="namePrefix"/>
    /// and sort after <paramref name="afterId"/>.</summary>
    public static KeyRange Range(string collection, string? namePrefix, string? afterId)
    {
        var start = collection + namePrefix;
        var end = start + "~";
        if (afterId is not null && string.CompareOrdinal(collection + afterId, start) >= 0)
        {
            return new KeyRange(collection + afterId, Inclusive: false, end);
        }

        return new KeyRange(start, Inclusive: true, end);
    }

    /// <summary>The id a row key of <paramref name="collection"/> names.</summary>
    public static string IdOf(string collection, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(rowKey);
        return rowKey.StartsWith(collection, StringComparison.Ordinal) ? rowKey[collection.Length..]
            : throw new ArgumentException($"Row key '{rowKey}' is not in '{collection}'.", nameof(rowKey));
    }
}

/// <summary>Row keys from <see cref="From"/> (itself included when <see cref="Inclusive"/>) up to, not including, <see cref="Before"/>.</summary>
public sealed record KeyRange(string From, bool Inclusive, string Before);
