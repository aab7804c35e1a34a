using Kagi.Domain.Identity;
using Kagi.Hosting;
using Kagi.Tenancy;

namespace Kagi.Identity;

/// <summary>
/// A user's risk profile as earlier versions kept it (see <see cref="IRiskProfileGrain"/>): serves their silos during a
/// rolling upgrade; the user grain now keeps the profile in its own state. The scorer decides; the grain loads and persists. Carried suspicion needs no
/// timer: the scorer decays it to the moment of every read and write, so a stored score is never read stale.
/// </summary>
public sealed class RiskProfileGrain(
    [PersistentState("risk", KagiStorage.GrainState)] IPersistentState<RiskProfile> state,
    TimeProvider time) : TenantScopedGrain, IRiskProfileGrain
{
    public async Task<RiskAssessment> AssessAsync(RiskContext context)
    {
        var settings = await SettingsAsync();
        return new RiskScorer(settings.Adaptive).Assess(state.State, context, time.GetUtcNow(), settings.Lockout.SprayUsers);
    }

    public async Task LearnAsync(RiskContext context)
    {
        var settings = await SettingsAsync();
        state.State = new RiskScorer(settings.Adaptive).Learn(state.State, context, time.GetUtcNow());
        await state.WriteStateAsync();
    }

    public async Task RecordFailureAsync(int weight)
    {
        var settings = await SettingsAsync();
        state.State = new RiskScorer(settings.Adaptive).RecordFailure(state.State, weight, time.GetUtcNow());
        await state.WriteStateAsync();
    }

    private Task<TenantSecuritySettings> SettingsAsync() => GrainFactory.GetGrain<ITenantSecurityGrain>(TenantId).GetAsync();
}
