using Kagi.Errors;
using Kagi.Identity;
using Kagi.Tenancy;

namespace Kagi.Domain.Identity;

/// <summary>When a session stops working: its expiry, or an idle gap longer than its idle timeout.</summary>
public static class SessionClock
{
    public static bool IsValid(SessionInfo session, DateTimeOffset lastSeen, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return now < session.ExpiresAt && (session.IdleTimeout is not { } idle || now - lastSeen < idle);
    }

    /// <summary>Whether the last-seen time is stale enough to be worth writing (a write per call would be wasteful).</summary>
    public static bool ShouldPersistLastSeen(SessionInfo session, DateTimeOffset persisted, DateTimeOffset now) =>
        session.IdleTimeout is { } idle && now - persisted >= TimeSpan.FromTicks(Math.Min(idle.Ticks / 4, TimeSpan.FromMinutes(1).Ticks));

    public static void Validate(SessionSettings sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var problems = new SettingsProblems();
        if (sessions.Lifetime < TimeSpan.FromMinutes(1) || sessions.Lifetime > TimeSpan.FromDays(1))
        {
            problems.Add("lifetimeMinutes", "lifetimeMinutes must be from 1 to 1440");
        }

        if (sessions.IdleTimeout < TimeSpan.FromMinutes(1) || sessions.IdleTimeout > sessions.Lifetime)
        {
            problems.Add("idleMinutes", "idleMinutes must be from 1 to the lifetime");
        }

        problems.ThrowIfAny("The session settings are invalid: ");
    }
}
