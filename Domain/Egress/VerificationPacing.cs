namespace Kagi.Domain.Egress;

/// <summary>
/// Paces the logins a tenant's people make Kagi try on targets (registering a target, registering or importing an
/// account, re-pinning a host key), so Kagi is no fast password oracle against anything a tenant can reach.
/// A token bucket kept as the generic cell rate algorithm: <see cref="Burst"/> at once, then one every
/// <see cref="Interval"/>; a try over the limit is refused with the time until one is free again. A try that
/// logged in is given back (<see cref="Refund"/>): only failed tries are paced.
/// Kagi's own work (rotations, heartbeats) is paced per target by <c>TargetPacing</c>, not here.
/// </summary>
public static class VerificationPacing
{
    public const int Burst = 100;

    public const int PerMinute = 30;

    public static TimeSpan Interval { get; } = TimeSpan.FromMinutes(1) / PerMinute;

    /// <summary>
    /// Takes <paramref name="count"/> tries at <paramref name="now"/> from the bucket whose state is
    /// <paramref name="theoreticalArrival"/> (null when unused). Refused tries take nothing.
    /// </summary>
    public static VerificationTurn Take(DateTimeOffset? theoreticalArrival, DateTimeOffset now, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var arrival = theoreticalArrival is { } t && t > now ? t : now;
        var next = arrival + Interval * count;
        var earliest = next - Interval * Burst;
        if (earliest <= now)
        {
            return new VerificationTurn(true, TimeSpan.Zero, next);
        }

        // More than a whole burst can never be taken at once: say when a full bucket is back.
        var wait = count > Burst ? arrival - now + Interval * Burst : earliest - now;
        return new VerificationTurn(false, Ceiling(wait), theoreticalArrival);
    }

    /// <summary>
    /// Gives back one try that logged in. A password oracle lives on wrong guesses; an administrator importing
    /// accounts mostly gives right ones, so only the tries that fail keep counting against the tenant.
    /// </summary>
    public static DateTimeOffset? Refund(DateTimeOffset? theoreticalArrival, DateTimeOffset now) =>
        theoreticalArrival is { } t && t - Interval > now ? t - Interval : null;

    private static TimeSpan Ceiling(TimeSpan wait) => TimeSpan.FromSeconds(Math.Ceiling(wait.TotalSeconds));
}

/// <summary>Whether the tries were taken; if not, how long until they could be; the bucket's new state.</summary>
public sealed record VerificationTurn(bool Allowed, TimeSpan RetryAfter, DateTimeOffset? TheoreticalArrival);
