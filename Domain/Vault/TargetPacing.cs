using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// Paces the work Kagi itself does on one target (a token bucket kept as the generic cell rate
/// algorithm): each reservation gets the earliest turn the target's <see cref="TargetRateLimit"/>
/// allows — a burst at once, then one every <c>1 min / PerMinute</c>. Turns are handed out, not
/// waited for: a caller whose turn is close waits for it, one whose turn is far off comes back then.
/// </summary>
public static class TargetPacing
{
    public const int MaximumPerMinute = 60_000;
    public const int MaximumBurst = 1_000;

    /// <summary>A turn at most this far off is waited for in place; a later one is come back for.</summary>
    public static readonly TimeSpan MaximumInlineWait = TimeSpan.FromSeconds(2);

    /// <summary>Why a limit cannot be used, or null.</summary>
    public static string? Problem(TargetRateLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return limit.PerMinute is < 1 or > MaximumPerMinute || limit.Burst is < 1 or > MaximumBurst
            ? $"A target's rate limit is 1 to {MaximumPerMinute} operations a minute with a burst of 1 to {MaximumBurst}."
            : null;
    }

    /// <summary>
    /// Reserves the next turn at or after <paramref name="now"/>. <paramref name="theoreticalArrival"/>
    /// is the bucket's state (null when unused); the new state is returned with the turn.
    /// </summary>
    public static (DateTimeOffset Turn, DateTimeOffset TheoreticalArrival) Reserve(TargetRateLimit limit, DateTimeOffset? theoreticalArrival, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var interval = Interval(limit);
        var tolerance = interval * (limit.Burst - 1);
        var arrival = theoreticalArrival is { } t && t > now ? t : now;
        var turn = arrival - tolerance > now ? arrival - tolerance : now;
        return (turn, arrival + interval);
    }

    /// <summary>True when a caller should wait for <paramref name="turn"/> in place rather than come back.</summary>
    public static bool WaitInPlace(DateTimeOffset turn, DateTimeOffset now) => turn - now <= MaximumInlineWait;

    public static TimeSpan Interval(TargetRateLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return TimeSpan.FromMinutes(1) / limit.PerMinute;
    }
}
