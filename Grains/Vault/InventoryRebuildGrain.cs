using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Inventory;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Kagi.Vault;

/// <summary>
/// Empties the tenant's inventory, then has every account, user and target grain with stored state
/// report itself again, so the index is what the grains hold. It calls those grains and the inventory;
/// they call the inventory and never this grain, so the graph stays one-way.
/// </summary>
public sealed class InventoryRebuildGrain(GrainStateKeys keys, IOptions<ClusterOptions> cluster) : Grain, IInventoryRebuildGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public async Task<InventoryRebuild> RebuildAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
        if (!caller.IsInRole(KagiRoles.Admin))
        {
            throw new KagiException(ProblemCode.Forbidden, "Only an admin may rebuild the inventory.");
        }

        var kagi = Caller.System(TenantId);
        await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).ClearAsync(kagi);
        var targets = await ReportAllAsync(id => GrainFactory.GetGrain<ITargetGrain>(id), grain => grain.ReportToInventoryAsync(kagi));
        var users = await ReportAllAsync(id => GrainFactory.GetGrain<IUserGrain>(id), grain => grain.ReportToInventoryAsync(kagi));
        var accounts = await ReportAllAsync(id => GrainFactory.GetGrain<IPrivilegedAccountGrain>(id), grain => grain.ReportToInventoryAsync(kagi));
        return new InventoryRebuild(accounts, users, targets);
    }

    /// <summary>Every grain of this kind in the tenant with stored state reports itself; the count of those that exist.</summary>
    private async Task<int> ReportAllAsync<TGrain>(Func<string, TGrain> grainOf, Func<TGrain, Task<bool>> report)
        where TGrain : IAddressable
    {
        var grainType = grainOf(GrainKeys.For(TenantId, "x")).GetGrainId().Type.ToString();
        var reported = 0;
        await foreach (var localId in keys.LocalIdsAsync(cluster.Value.ServiceId, grainType, TenantId))
        {
            if (await report(grainOf(GrainKeys.For(TenantId, localId))))
            {
                reported++;
            }
        }

        return reported;
    }
}
