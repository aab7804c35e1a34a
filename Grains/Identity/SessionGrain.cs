using Kagi.Domain.Identity;
using Kagi.Hosting;

namespace Kagi.Identity;

public sealed class SessionGrain(
    [PersistentState("session", KagiStorage.GrainState)] IPersistentState<SessionState> state,
    TimeProvider time) : Grain, ISessionGrain
{
    // Activity is kept in memory and written only now and then: a write per API call would be waste.
    private DateTimeOffset _lastSeen;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastSeen = state.State.LastSeen;
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task StartAsync(SessionInfo session)
    {
        _lastSeen = time.GetUtcNow();
        state.State = new SessionState { Session = session, LastSeen = _lastSeen };
        await state.WriteStateAsync();
    }

    public async Task<SessionInfo?> ValidateAsync()
    {
        var now = time.GetUtcNow();
        if (state.State.Session is not { } session || state.State.Ended || !SessionClock.IsValid(session, _lastSeen, now))
        {
            return null;
        }

        _lastSeen = now;
        if (SessionClock.ShouldPersistLastSeen(session, state.State.LastSeen, now))
        {
            state.State = state.State with { LastSeen = now };
            await state.WriteStateAsync();
        }

        return session;
    }

    public async Task EndAsync()
    {
        if (state.State.Session is not null && !state.State.Ended)
        {
            state.State = state.State with { Ended = true };
            await state.WriteStateAsync();
        }

        DeactivateOnIdle();
    }
}
