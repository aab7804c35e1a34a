using System.Collections.Immutable;
using Kagi.Domain.Identity;

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
        var others = state.Sessions.IsDefault ? [] : state.Sessions.Where(s => s.SessionKey != entry.SessionKey).ToImmutableArray();
        var (kept, pushedOut) = LiveSessions.Admit(others, entry, s => s.ExpiresAt, now, Capacity);
        return (new IdpSessionsState { Sessions = kept }, pushedOut);
    }

    /// <summary>The sessions a logout ends: every one still live. The state after a logout is empty.</summary>
    public static IReadOnlyList<IdpSessionEntry> Live(IdpSessionsState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [.. state.Sessions.Where(s => s.ExpiresAt > now)];
    }
}
