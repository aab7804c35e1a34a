using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Inventory;
using Kagi.Requests;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Kagi.Vault;

/// <summary>
/// Empties the tenant's inventory and request index, then has every account, user, target and request
/// grain with stored state report itself again, so the indexes are what the grains hold. It calls those
/// grains and the inventory; they call the inventory (and write the request index) and never this grain,
/// so the graph stays one-way. Requests come last: their summaries name approvers from the directory.
/// </summary>
public sealed class InventoryRebuildGrain(GrainStateKeys keys, RequestIndexStore requests, IOptions<ClusterOptions> cluster) : Grain, IInventoryRebuildGrain
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
        await requests.ClearAsync(TenantId);
        var targets = await ReportAllAsync(id => GrainFactory.GetGrain<ITargetGrain>(id), grain => grain.ReportToInventoryAsync(kagi));
        var users = await ReportAllAsync(id => GrainFactory.GetGrain<IUserGrain>(id), grain => grain.ReportToInventoryAsync(kagi));
        var accounts = await ReportAllAsync(id => GrainFactory.GetGrain<IPrivilegedAccountGrain>(id), grain => grain.ReportToInventoryAsync(kagi));
        var requested = await ReportAllAsync(id => GrainFactory.GetGrain<IAccessRequestGrain>(id), grain => grain.ReportToIndexAsync(kagi));
        return new InventoryRebuild(accounts, users, targets) { Requests = requested };
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
