namespace Kagi.Domain.Sso.Logout;

/// <summary>
/// Which Kagi sessions a provider session or subject signed in to, so the provider's logout can end them. Sessions past
/// their end are dropped whenever one is added, so the list holds only live ones. It is bounded all the same: the
/// oldest ones pushed out by <see cref="Capacity"/> are answered to be ended now, since a session the provider's logout
/// could no longer reach must not outlive it.
/// </summary>
public static class IdpSessionIndex
{
    public const int Capacity = 50;

    public static (IdpSessionsState State, IReadOnlyList<IdpSessionEntry> PushedOut) Add(IdpSessionsState state, IdpSessionEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(entry);
        var live = state.Sessions.Where(s => s.ExpiresAt > now && s.SessionKey != entry.SessionKey).OrderBy(s => s.ExpiresAt).ToList();
        var pushedOut = live.Count >= Capacity ? live[..(live.Count - Capacity + 1)] : [];
        return (new IdpSessionsState { Sessions = [.. live.Skip(pushedOut.Count), entry] }, pushedOut);
    }

    /// <summary>The sessions a logout ends: every one still live. The state after a logout is empty.</summary>
    public static IReadOnlyList<IdpSessionEntry> Live(IdpSessionsState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [.. state.Sessions.Where(s => s.ExpiresAt > now)];
    }
}
