using Kagi.Domain.Sso.Saml;
using Kagi.Hosting;

namespace Kagi.Sso;

/// <summary>
/// The tenant's used assertion ids (<see cref="SamlReplayCache"/>). Not reentrant, so two posts of one
/// response are answered one after the other and only the first is a first use. Ids end by time; nothing
/// needs a timer.
/// </summary>
public sealed class SamlReplayGrain(
    [PersistentState("saml-replay", KagiStorage.GrainState)] IPersistentState<SamlReplayState> state,
    TimeProvider time) : Grain, ISamlReplayGrain
{
    public async Task<SamlReplayOutcome> UseAsync(Caller caller, string assertionId, DateTimeOffset notOnOrAfter)
    {
        TenantGuard.EnsureSystem(caller, this.GetPrimaryKeyString());
        var (outcome, next) = SamlReplayCache.Use(state.State, assertionId, notOnOrAfter, time.GetUtcNow());
        if (outcome == SamlReplayOutcome.FirstUse || next.UsedUntil.Count != state.State.UsedUntil.Count)
        {
            state.State = next;
            await state.WriteStateAsync();
        }

        return outcome;
    }
}
