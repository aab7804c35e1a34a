using Kagi.Domain.Discovery;
using Kagi.Hosting;

namespace Kagi.Vault;

[GenerateSerializer, Alias("kagi.state.TargetDiscovery")]
public sealed record TargetDiscoveryState
{
    [Id(0)] public DiscoveryReport? LastReport { get; init; }
}

/// <summary>
/// Scans a target and keeps the last report. Adopting what it finds is an import job
/// (<see cref="IAccountImportJobGrain.AdoptAsync"/>), so a large adoption is paced, resumable and read as it goes.
/// </summary>
public sealed class TargetDiscoveryGrain(
    [PersistentState("discovery", KagiStorage.GrainState)] IPersistentState<TargetDiscoveryState> state,
    TimeProvider time) : TenantScopedGrain, ITargetDiscoveryGrain
{
    private ITargetGrain Target => GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, LocalId));

    public async Task<DiscoveryReport> DiscoverAsync(Caller caller)
    {
        EnsureCaller(caller);
        var onTarget = await Target.ListAccountsAsync(caller);
        var managed = await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).ListAccountsOnTargetAsync(caller, LocalId);
        var report = new DiscoveryReport(LocalId, time.GetUtcNow(), DiscoveryComparison.Compare(onTarget, managed));
        state.State = new TargetDiscoveryState { LastReport = report };
        await state.WriteStateAsync();
        return report;
    }

    public Task<DiscoveryReport?> GetLastReportAsync(Caller caller)
    {
        EnsureCaller(caller);
        return Task.FromResult(state.State.LastReport);
    }
}
