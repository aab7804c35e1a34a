using System.Collections.Immutable;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// What an account has to do by itself and when: check in leases whose window closed, retry a
/// rotation, rotate on schedule, and check by heartbeat that the stored password still logs in.
/// Scheduled work waits while the account is checked out.
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
            RotationPlan.IsDue(state.Rotation, now),
            idleAndFree && ScheduledRotation(state, accountKey) <= now,
            idleAndFree && NextHeartbeat(state) <= now);
    }

    /// <summary>When the account next needs its reminder, or null when nothing is pending.</summary>
    public static DateTimeOffset? NextDue(AccountState state, string accountKey)
    {
        ArgumentNullException.ThrowIfNull(state);
        var candidates = state.AllLeases.Select(lease => (DateTimeOffset?)lease.Until).ToList();
        if (state.Rotation is { Phase: RotationPhase.Pending, NextAttemptAt: { } retry })
        {
            candidates.Add(retry);
        }

        if (state.Rotation.Phase == RotationPhase.Idle)
        {
            candidates.Add(ScheduledRotation(state, accountKey));
            candidates.Add(NextHeartbeat(state));
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

    /// <summary>Adds an entry, keeping the most recent <see cref="HistoryLength"/>.</summary>
    public static ImmutableArray<RotationHistoryEntry> Record(ImmutableArray<RotationHistoryEntry> history, RotationHistoryEntry entry)
    {
        var all = (history.IsDefault ? [] : history).Add(entry);
        return all.Length > HistoryLength ? all[^HistoryLength..] : all;
    }
}

/// <summary>The work due on an account at one moment.</summary>
public sealed record DueWork(ImmutableArray<LeaseState> ExpiredLeases, bool RotationRetry, bool ScheduledRotation, bool Heartbeat);
