using Kagi.Domain.Sso.Logout;
using Kagi.Hosting;
using Kagi.Identity;

namespace Kagi.Sso;

/// <summary>
/// One provider session's (or subject's) Kagi sessions (<see cref="IdpSessionIndex"/>). Not reentrant, so a logout
/// and a sign-in of the same provider session take turns: a session remembered after the logout was answered is one
/// the provider signed in to afterwards.
/// </summary>
public sealed class IdpSessionsGrain(
    [PersistentState("idp-sessions", KagiStorage.GrainState)] IPersistentState<IdpSessionsState> state,
    TimeProvider time) : TenantScopedGrain, IIdpSessionsGrain
{
    public async Task RememberAsync(Caller caller, IdpSessionEntry session)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(session);
        var (next, pushedOut) = IdpSessionIndex.Add(state.State, session, time.GetUtcNow());
        state.State = next;
        await state.WriteStateAsync();
        await Task.WhenAll(pushedOut.Select(s => GrainFactory.GetGrain<ISessionGrain>(s.SessionKey).EndAsync()));
    }

    public async Task<IReadOnlyList<IdpSessionEntry>> EndAllAsync(Caller caller)
    {
        EnsureSystem(caller);
        var live = IdpSessionIndex.Live(state.State, time.GetUtcNow());
        // Ended before they are forgotten: a failure leaves them here for the provider's next try.
        await Task.WhenAll(live.Select(s => GrainFactory.GetGrain<ISessionGrain>(s.SessionKey).EndAsync()));
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
        return live;
    }
}
