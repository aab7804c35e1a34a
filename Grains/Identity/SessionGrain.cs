using Kagi.Domain.Identity;
using Kagi.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kagi.Identity;

/// <summary>
/// One session, keyed by the hash of its token. The state is read when a call first needs it, not on activation:
/// a sign-in activates the grain of a token nobody has seen and only writes it, so reading first would be one more
/// storage call on every sign-in for a row that cannot exist (issue 15, P2). The row is the same one
/// <c>[PersistentState("session")]</c> kept, so sessions of earlier versions are read as before.
/// </summary>
public sealed class SessionGrain(
    [FromKeyedServices(KagiStorage.GrainState)] IGrainStorage storage,
    TimeProvider time) : Grain, ISessionGrain
{
    private OnDemandState<SessionState>? _stored;

    // Activity is kept in memory and written only now and then: a write per API call would be waste.
    private DateTimeOffset _lastSeen;

    private OnDemandState<SessionState> Stored => _stored ??= new(storage, "session", this.GetGrainId(), DeactivateOnIdle);

    public async Task StartAsync(SessionInfo session)
    {
        // Not read: the key is the hash of a token issued for this sign-in. Written without an ETag, the row is
        // added, and a row already there (a token issued twice) fails the write instead of being replaced.
        Stored.AssumeNew();
        _lastSeen = time.GetUtcNow();
        Stored.State = new SessionState { Session = session, LastSeen = _lastSeen };
        await Stored.WriteAsync();
    }

    public async Task<SessionInfo?> ValidateAsync()
    {
        await ReadOnceAsync();
        var now = time.GetUtcNow();
        if (Current.Session is not { } session || Current.Ended || !SessionClock.IsValid(session, _lastSeen, now))
        {
            return null;
        }

        _lastSeen = now;
        if (SessionClock.ShouldPersistLastSeen(session, Current.LastSeen, now))
        {
            Stored.State = Current with { LastSeen = now };
            await Stored.WriteAsync();
        }

        return session;
    }

    public async Task EndAsync()
    {
        await ReadOnceAsync();
        if (Current.Session is not null && !Current.Ended)
        {
            Stored.State = Current with { Ended = true };
            await Stored.WriteAsync();
        }

        DeactivateOnIdle();
    }

    private SessionState Current => Stored.State;

    private async Task ReadOnceAsync()
    {
        if (await Stored.ReadOnceAsync())
        {
            _lastSeen = Current.LastSeen;
        }
    }
}
