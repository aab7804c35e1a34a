using System.Collections.Immutable;

namespace Kagi.Domain.Identity;

/// <summary>
/// The sessions a user holds at once. Every sign-in adds one that stays until it expires, so without a bound a script
/// that signs in every minute would grow its user's state for as long as sessions last. Beyond
/// <see cref="MaximumLive"/> the sessions that would expire first are ended, not merely forgotten: a session its user no
/// longer lists would outlive a password change or a role taken away.
/// </summary>
public static class LiveSessions
{
    /// <summary>Far above what a person or a careful script holds at once (browser sessions; API tokens are apart).</summary>
    public const int MaximumLive = 100;

    /// <summary>
    /// <paramref name="current"/> without the expired ones, with <paramref name="added"/>; the ones to end at once when
    /// that is more than <paramref name="maximum"/>, soonest to expire first (never the one just added).
    /// </summary>
    public static (ImmutableArray<T> Kept, ImmutableArray<T> Ending) Admit<T>(
        ImmutableArray<T> current, T added, Func<T, DateTimeOffset> expiresAt, DateTimeOffset now, int maximum = MaximumLive)
    {
        ArgumentNullException.ThrowIfNull(expiresAt);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        var live = current.IsDefault ? [] : current.Where(s => expiresAt(s) > now).OrderBy(expiresAt).ToList();
        var over = Math.Max(0, live.Count + 1 - maximum);
        return ([.. live.Skip(over).Append(added)], [.. live.Take(over)]);
    }
}
