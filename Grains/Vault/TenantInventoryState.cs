using System.Collections.Immutable;

namespace Kagi.Vault;

[GenerateSerializer, Alias("kagi.state.TenantInventory")]
public sealed record TenantInventoryState
{
    /// <summary>Account id → rotation status (idle, pending, out-of-sync).</summary>
    [Id(0)] public ImmutableSortedDictionary<string, string> Accounts { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);
    [Id(1)] public ImmutableSortedSet<string> Targets { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
}
