using Kagi.Domain.Identity;
using Kagi.Hosting;
using Kagi.Tenancy;

namespace Kagi.Identity;

/// <summary>
/// A user's risk profile. The scorer decides; the grain loads, persists, and keeps a decay timer
/// running while there is suspicion to fade (the timer only triggers the scorer's decay).
/// </summary>
public sealed class RiskProfileGrain(
    [PersistentState("risk", KagiStorage.GrainState)] IPersistentState<RiskProfile> state,
    TimeProvider time) : TenantScopedGrain, IRiskProfileGrain
{
    private static readonly TimeSpan LongestDecayTick = TimeSpan.FromMinutes(5);
    private IGrainTimer? _decayTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ScheduleDecay(new AdaptiveAuthSettings());
        return base.OnActivateAsync(cancellationToken);
    }

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
        ScheduleDecay(settings.Adaptive);
    }

    public async Task<double> CurrentScoreAsync(Caller caller)
    {
        EnsureCaller(caller);
        var settings = await SettingsAsync();
        return new RiskScorer(settings.Adaptive).Decay(state.State, time.GetUtcNow()).Score;
    }

    private Task<TenantSecuritySettings> SettingsAsync() => GrainFactory.GetGrain<ITenantSecurityGrain>(TenantId).GetAsync();

    private void ScheduleDecay(AdaptiveAuthSettings adaptive)
    {
        if (state.State.Score <= 0 || _decayTimer is not null)
        {
            return;
        }

        var tick = adaptive.DecayHalfLife < LongestDecayTick ? adaptive.DecayHalfLife : LongestDecayTick;
        _decayTimer = this.RegisterGrainTimer(DecayAsync, new GrainTimerCreationOptions(tick, tick) { KeepAlive = true });
    }

    /// <summary>Writes the decayed score; stops once nothing is left to decay.</summary>
    private async Task DecayAsync(CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync();
        state.State = new RiskScorer(settings.Adaptive).Decay(state.State, time.GetUtcNow());
        await state.WriteStateAsync(cancellationToken);
        if (state.State.Score <= 0 && state.State.Failures.IsEmpty)
        {
            _decayTimer?.Dispose();
            _decayTimer = null;
        }
    }
}
