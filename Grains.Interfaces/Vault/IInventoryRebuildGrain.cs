namespace Kagi.Vault;

/// <summary>
/// Rebuilds a tenant's inventory (accounts, users, targets) and request index from the grains themselves:
/// both are emptied, the stored state of the tenant's account, user, target and request grains is found,
/// and each reports itself again. Key: the tenant id. For an admin after an index was lost or damaged.
/// </summary>
[Alias("kagi.IInventoryRebuildGrain")]
public interface IInventoryRebuildGrain : IGrainWithStringKey
{
    [Alias("Rebuild")]
    Task<InventoryRebuild> RebuildAsync(Caller caller);
}
