using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>
/// The inventory as earlier versions stored it, whole, in the grain's state. Kept only to be read once
/// and migrated to the inventory table (<c>TenantInventoryGrain.Migration.cs</c>); it is then stored
/// empty. Never reuse these ids.
/// </summary>
[GenerateSerializer, Alias("kagi.state.TenantInventory")]
public sealed record TenantInventoryState
{
    /// <summary>Account id → rotation status (idle, pending, out-of-sync).</summary>
    [Id(0)] public ImmutableSortedDictionary<string, string> Accounts { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);
    /// <summary>Account id → where it lives.</summary>
    [Id(2)] public ImmutableDictionary<string, AccountLocation> Locations { get; init; } = ImmutableDictionary.Create<string, AccountLocation>(StringComparer.Ordinal);
    /// <summary>Username → roles.</summary>
    [Id(3)] public ImmutableSortedDictionary<string, ImmutableArray<string>> Users { get; init; } = ImmutableSortedDictionary.Create<string, ImmutableArray<string>>(StringComparer.Ordinal);
    /// <summary>Username → whom they let approve in their name.</summary>
    [Id(5)] public ImmutableSortedDictionary<string, Kagi.Requests.Delegation> Delegations { get; init; } = ImmutableSortedDictionary.Create<string, Kagi.Requests.Delegation>(StringComparer.Ordinal);
    /// <summary>Username → what others may know of the user; users reported before it existed have only <see cref="Users"/>.</summary>
    [Id(4)] public ImmutableSortedDictionary<string, Kagi.Identity.DirectoryEntry> Directory { get; init; } = ImmutableSortedDictionary.Create<string, Kagi.Identity.DirectoryEntry>(StringComparer.Ordinal);
    [Id(1)] public ImmutableSortedSet<string> Targets { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
}

[GenerateSerializer, Immutable, Alias("kagi.state.AccountLocation")]
public sealed record AccountLocation([property: Id(0)] string TargetId, [property: Id(1)] string Username);
