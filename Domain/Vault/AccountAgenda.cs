using System.Collections.Immutable;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// What an account has to do by itself and when: check in leases whose window closed, retry a
/// rotation, rotate on schedule, and check by heartbeat that the stored password still logs in.
/// Scheduled work waits while the account is checked out; work on the target waits for the account's
/// turn on the target's pacing. One-time templates have an agenda of their own (<see cref="OneTimeTemplateAgenda"/>).
/// </summary>
public static class AccountAgenda
{
    public const int HistoryLength = 50;

    public static DueWork Due(AccountState state, string accountKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var leases = state.AllLeases;
        var expired = leases.Where(lease => CheckoutLease.IsExpired(lease, now)).ToImmutableArray();
        var idleAndFree = state.Rotation.Phase == RotationPhase.Idle && leases.Length == expired.Length;
        return new DueWork(
            expired,
            RotationPlan.IsDue(state.Rotation, now) && Paced(state, now) <= now,
            idleAndFree && Paced(state, ScheduledRotation(state, accountKey)) <= now,
            idleAndFree && Paced(state, NextHeartbeat(state)) <= now);
    }

    /// <summary>When the account next needs its reminder, or null when nothing is pending.</summary>
    public static DateTimeOffset? NextDue(AccountState state, string accountKey)
    {
        ArgumentNullException.ThrowIfNull(state);
        var candidates = state.AllLeases.Select(lease => (DateTimeOffset?)lease.Until).ToList();
        if (state.Rotation is { Phase: RotationPhase.Pending, NextAttemptAt: { } retry })
        {
            candidates.Add(Paced(state, retry));
        }

        if (state.Rotation.Phase == RotationPhase.Idle)
        {
            candidates.Add(Paced(state, ScheduledRotation(state, accountKey)));
            candidates.Add(Paced(state, NextHeartbeat(state)));
        }

        return candidates.Where(at => at is not null).Min();
    }

    public static DateTimeOffset? ScheduledRotation(AccountState state, string accountKey)
    {
        ArgumentNullException.ThrowIfNull(state);
        return RotationSchedule.NextAfter(state.Policy.Rotation, state.Rotation.LastRotatedAt ?? state.CreatedAt, accountKey);
    }

    public static DateTimeOffset? NextHeartbeat(AccountState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Policy.Heartbeat is { } every ? (state.LastHeartbeatAt ?? state.CreatedAt) + every : null;
    }

    /// <summary>Work on the target waits for the turn the account reserved on the target's pacing, if any.</summary>
    private static DateTimeOffset? Paced(AccountState state, DateTimeOffset? at) =>
        at is { } when && state.TargetSlot is { } slot && slot > when ? slot : at;

    /// <summary>Adds an entry, keeping the most recent <see cref="HistoryLength"/>.</summary>
    public static ImmutableArray<RotationHistoryEntry> Record(ImmutableArray<RotationHistoryEntry> history, RotationHistoryEntry entry)
    {
        var all = (history.IsDefault ? [] : history).Add(entry);
        return all.Length > HistoryLength ? all[^HistoryLength..] : all;
    }
}

/// <summary>The work due on an account at one moment.</summary>
public sealed record DueWork(ImmutableArray<LeaseState> ExpiredLeases, bool RotationRetry, bool ScheduledRotation, bool Heartbeat);
