namespace Kagi.Domain.Vault;

/// <summary>
/// The two-phase rotation: generate → store pending (sealed) → change on target → verify → commit.
/// Failures back off and retry; a retry first reconciles with the target so the working password
/// is never lost.
/// </summary>
public static class RotationPlan
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaximumRetryDelay = TimeSpan.FromMinutes(15);

    /// <summary>Asks for a rotation. A rotation already pending keeps its pending password: the
    /// target may hold it already.</summary>
    public static RotationState Request(RotationState state, DateTimeOffset now, string trigger, Func<byte[]> sealNewPassword)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(sealNewPassword);
        return state.Phase == RotationPhase.Idle
            ? state with
            {
                Phase = RotationPhase.Pending,
                PendingSecret = sealNewPassword(),
                StartedAt = now,
                FailedAttempts = 0,
                NextAttemptAt = now,
                LastError = null,
                Trigger = trigger,
            }
            : state with { Phase = RotationPhase.Pending, NextAttemptAt = now };
    }

    /// <summary>
    /// Before an attempt touches the target: if it never reports back (the silo crashed), the
    /// reminder retries after the first retry delay. Setting the same pending password again is
    /// harmless, so the retry is safe whether or not the target was changed.
    /// </summary>
    public static RotationState Attempting(RotationState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase == RotationPhase.Pending ? state with { NextAttemptAt = now + FirstRetryDelay } : state;
    }

    /// <summary>The attempt waits for the account's turn on the target's pacing; nothing is counted as failed.</summary>
    public static RotationState Deferred(RotationState state, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase == RotationPhase.Pending ? state with { NextAttemptAt = until } : state;
    }

    public static bool IsDue(RotationState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase == RotationPhase.Pending && state.NextAttemptAt is { } at && at <= now;
    }

    public static RotationStep FirstStep(RotationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase switch
        {
            RotationPhase.Pending when state.FailedAttempts == 0 => RotationStep.ChangeOnTarget,
            RotationPhase.Pending => RotationStep.Reconcile,
            _ => RotationStep.None,
        };
    }

    /// <summary>After a failed attempt: which password does the target accept?</summary>
    public static RotationStep Reconcile(bool targetAcceptsPending, bool targetAcceptsCurrent) =>
        (targetAcceptsPending, targetAcceptsCurrent) switch
        {
            (true, _) => RotationStep.Commit,
            (false, true) => RotationStep.ChangeOnTarget,
            _ => RotationStep.OutOfSync,
        };

    public static RotationState Committed(RotationState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state with
        {
            Phase = RotationPhase.Idle,
            PendingSecret = null,
            StartedAt = null,
            FailedAttempts = 0,
            NextAttemptAt = null,
            LastError = null,
            LastRotatedAt = now,
        };
    }

    /// <summary>Records a failed attempt; the next one waits 15 s, 30 s, 1 min … up to 15 min.</summary>
    public static RotationState Failed(RotationState state, DateTimeOffset now, string error)
    {
        ArgumentNullException.ThrowIfNull(state);
        var attempts = state.FailedAttempts + 1;
        return state with { FailedAttempts = attempts, NextAttemptAt = now + RetryDelay(attempts), LastError = error };
    }

    /// <summary>
    /// After the target was found out of sync: the target's admin (reconcile) credential sets a fresh
    /// password without needing the lost one, so the next step is a plain change on the target.
    /// </summary>
    public static RotationState Reset(RotationState state, DateTimeOffset now, Func<byte[]> sealNewPassword)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(sealNewPassword);
        return state with
        {
            Phase = RotationPhase.Pending,
            PendingSecret = sealNewPassword(),
            StartedAt = now,
            FailedAttempts = 0,
            NextAttemptAt = now,
            Trigger = "reconcile",
        };
    }

    public static RotationState OutOfSync(RotationState state, string error)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state with { Phase = RotationPhase.OutOfSync, NextAttemptAt = null, LastError = error };
    }

    public static TimeSpan RetryDelay(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 16);
        var delay = FirstRetryDelay * Math.Pow(2, exponent);
        return delay < MaximumRetryDelay ? delay : MaximumRetryDelay;
    }
}
