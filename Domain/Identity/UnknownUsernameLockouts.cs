using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Kagi.Tenancy;

namespace Kagi.Domain.Identity;

/// <summary>
/// Lockout for usernames that do not exist, so a stranger cannot tell them from real ones: the same
/// <see cref="LockoutPolicy"/> counts their failures and locks them (423 with Retry-After after the
/// same number of tries, doubling on repeats). The table is bounded, so the state never grows with
/// what strangers type: when it is full, a new name pushes out the entry whose last failure is oldest,
/// unlocked ones first. The price: after failures against more than <see cref="Capacity"/> other
/// names, an unlocked name starts counting again from zero, which the per-source spraying block
/// makes slow to arrange.
/// </summary>
public sealed class UnknownUsernameLockouts(LockoutSettings settings, int capacity = UnknownUsernameLockouts.Capacity)
{
    public const int Capacity = 1000;

    private readonly LockoutPolicy _policy = new(settings);

    /// <summary>The lockout a failed sign-in as <paramref name="username"/> has built up so far.</summary>
    public static LockoutState For(UnknownUsernameState state, string username)
    {
        ArgumentNullException.ThrowIfNull(state);
        var hash = Hash(username);
        return state.Entries.FirstOrDefault(e => e.UsernameHash == hash)?.Lockout ?? new LockoutState();
    }

    /// <summary>Counts a failure against <paramref name="username"/>, as <see cref="LockoutPolicy.RecordFailure"/> would for a real user.</summary>
    public UnknownUsernameState RecordFailure(UnknownUsernameState state, string username, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var hash = Hash(username);
        var known = state.Entries.FirstOrDefault(e => e.UsernameHash == hash);
        var others = known is null ? state.Entries : state.Entries.Remove(known);
        var entry = new UnknownUsernameEntry(hash, _policy.RecordFailure(known?.Lockout ?? new LockoutState(), now), now);
        var kept = others.Length < capacity
            ? others
            : others.OrderByDescending(e => _policy.IsLocked(e.Lockout, now)).ThenByDescending(e => e.LastFailure).Take(capacity - 1).ToImmutableArray();
        return new UnknownUsernameState { Entries = kept.Add(entry) };
    }

    /// <summary>Usernames are kept as a truncated SHA-256: someone who types a password into the
    /// username field should not find it stored.</summary>
    private static string Hash(string username) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(username)))[..32];
}
