using Kagi.Errors;
using Kagi.Tenancy;

namespace Kagi.Domain.Identity;

/// <summary>
/// Locks an account after N consecutive failures for a time that doubles on each repeat (up to a
/// maximum) until a successful sign-in. N is at most 100, so no more than 100 guesses an hour get
/// through (NIST SP 800-63B 5.2.2).
/// </summary>
public sealed class LockoutPolicy(LockoutSettings settings)
{
    public const int HighestThreshold = 100;

    public bool IsLocked(LockoutState state, DateTimeOffset now) =>
        state.LockedUntil is { } until && now < until;

    public TimeSpan RetryAfter(LockoutState state, DateTimeOffset now) =>
        state.LockedUntil is { } until && until > now ? until - now : TimeSpan.Zero;

    /// <summary>How long the lock has left, or null when not locked.</summary>
    public TimeSpan? LockedFor(LockoutState state, DateTimeOffset now) => IsLocked(state, now) ? RetryAfter(state, now) : null;

    /// <summary>The state after a failure; it locks when the failure reaches the threshold.</summary>
    public LockoutState RecordFailure(LockoutState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var failures = state.ConsecutiveFailures + 1;
        if (failures < settings.Threshold)
        {
            return state with { ConsecutiveFailures = failures };
        }

        var factor = Math.Pow(2, Math.Min(state.RepeatedLocks, 30));
        var length = TimeSpan.FromTicks((long)Math.Min(settings.Duration.Ticks * factor, settings.MaximumDuration.Ticks));
        return new LockoutState { ConsecutiveFailures = 0, LockedUntil = now + length, RepeatedLocks = state.RepeatedLocks + 1 };
    }

    public static LockoutState RecordSuccess() => new();

    /// <summary>The most wrong passwords an attacker gets through in an hour against one account:
    /// a threshold's worth, then a lock, then another threshold's worth once it ends, and so on.</summary>
    public static int GuessesPerHour(LockoutSettings lockout)
    {
        ArgumentNullException.ThrowIfNull(lockout);
        var elapsed = TimeSpan.Zero;
        var guesses = 0;
        for (var repeat = 0; elapsed < TimeSpan.FromHours(1) && guesses <= 10_000; repeat++)
        {
            guesses += lockout.Threshold;
            var length = lockout.Duration.Ticks * Math.Pow(2, Math.Min(repeat, 30));
            elapsed += TimeSpan.FromTicks((long)Math.Min(length, lockout.MaximumDuration.Ticks));
        }

        return guesses;
    }

    /// <summary>Lifts the lock (by its timer or an admin); the repeat count stays, so the next lock is longer.</summary>
    public static LockoutState Unlock(LockoutState state) => state with { LockedUntil = null, ConsecutiveFailures = 0 };

    public static void Validate(LockoutSettings lockout)
    {
        ArgumentNullException.ThrowIfNull(lockout);
        var problems = new SettingsProblems();
        if (lockout.Threshold is < 1 or > HighestThreshold)
        {
            problems.Add("threshold", $"threshold must be from 1 to {HighestThreshold}");
        }

        if (lockout.Duration < TimeSpan.FromSeconds(1) || lockout.Duration > TimeSpan.FromDays(1))
        {
            problems.Add("durationSeconds", "durationSeconds must be from 1 to 86400");
        }

        if (lockout.MaximumDuration < lockout.Duration || lockout.MaximumDuration > TimeSpan.FromDays(7))
        {
            problems.Add("maximumDurationSeconds", "maximumDurationSeconds must be from the duration to 7 days");
        }

        if (lockout.SprayUsers is < 2 or > 1000)
        {
            problems.Add("sprayUsers", "sprayUsers must be from 2 to 1000");
        }

        if (lockout.SprayWindow < TimeSpan.FromSeconds(10) || lockout.SprayWindow > TimeSpan.FromDays(1))
        {
            problems.Add("sprayWindowSeconds", "sprayWindowSeconds must be from 10 to 86400");
        }

        if (lockout.SprayBlock < TimeSpan.FromSeconds(1) || lockout.SprayBlock > TimeSpan.FromDays(1))
        {
            problems.Add("sprayBlockSeconds", "sprayBlockSeconds must be from 1 to 86400");
        }

        if (problems.Count == 0 && GuessesPerHour(lockout) > HighestThreshold)
        {
            problems.Add("threshold", $"these settings let {GuessesPerHour(lockout)} wrong passwords through in an hour; NIST allows {HighestThreshold}: lower the threshold or lengthen the lock");
        }

        problems.ThrowIfAny("The lockout settings are invalid: ");
    }
}
