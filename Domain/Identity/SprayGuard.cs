using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Kagi.Tenancy;

namespace Kagi.Domain.Identity;

/// <summary>
/// Password spraying: one source failing against many different usernames in a short window (each
/// too few times to lock any account) blocks that source for a while.
/// </summary>
public sealed class SprayGuard(LockoutSettings settings)
{
    public bool IsBlocked(SprayState state, DateTimeOffset now) => state.BlockedUntil is { } until && now < until;

    public TimeSpan RetryAfter(SprayState state, DateTimeOffset now) =>
        state.BlockedUntil is { } until && until > now ? until - now : TimeSpan.Zero;

    /// <summary>Distinct usernames that failed from this source inside the window.</summary>
    public int FailedUsers(SprayState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var since = now - settings.SprayWindow;
        return state.Failures.Where(f => f.Time > since).Select(f => f.UsernameHash).Distinct(StringComparer.Ordinal).Count();
    }

    public SprayState RecordFailure(SprayState state, string username, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var since = now - settings.SprayWindow;
        var failures = state.Failures.Where(f => f.Time > since).Append(new SprayFailure(now, Hash(username))).ToImmutableArray();
        var distinct = failures.Select(f => f.UsernameHash).Distinct(StringComparer.Ordinal).Count();
        return distinct >= settings.SprayUsers
            ? new SprayState { Failures = [], BlockedUntil = now + settings.SprayBlock }
            : state with { Failures = failures };
    }

    private static string Hash(string username) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(username.ToUpperInvariant())))[..16];
}
