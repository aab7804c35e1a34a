using Kagi.Hosting;

namespace Kagi.Identity;

public sealed class SessionGrain(
    [PersistentState("session", KagiStorage.GrainState)] IPersistentState<SessionState> state,
    TimeProvider time) : Grain, ISessionGrain
{
    public async Task StartAsync(SessionInfo session)
    {
        state.State = new SessionState { Session = session };
        await state.WriteStateAsync();
    }

    public Task<SessionInfo?> ValidateAsync()
    {
        var current = state.State;
        var valid = current.Session is { } session && !current.Ended && time.GetUtcNow() < session.ExpiresAt;
        return Task.FromResult(valid ? current.Session : null);
    }

    public async Task EndAsync()
    {
        if (state.State.Session is not null && !state.State.Ended)
        {
            state.State = state.State with { Ended = true };
            await state.WriteStateAsync();
        }
    }
}
