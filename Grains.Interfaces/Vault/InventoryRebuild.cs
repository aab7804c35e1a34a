namespace Kagi.Vault;

/// <summary>What an inventory rebuild found in the grains' stored state and wrote back.</summary>
[GenerateSerializer, Immutable, Alias("kagi.InventoryRebuild")]
public sealed record InventoryRebuild(
    [property: Id(0)] int Accounts,
    [property: Id(1)] int Users,
    [property: Id(2)] int Targets)
{
    /// <summary>Access requests written again to the request index.</summary>
    [Id(3)] public int Requests { get; init; }
}
