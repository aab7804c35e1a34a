using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Kagi.Domain.Randomness;
using Kagi.Errors;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// The life of a one-time (just-in-time) account: intended (name and sealed password stored before the
/// target is touched) → created and handed out → ending (removed or disabled, retried with backoff until
/// the target confirms) → forgotten. Because the intent is stored first, a crash at any point leaves a
/// name that cleanup can remove whether or not the creation finished.
/// </summary>
public static partial class OneTimeLifecycle
{
    public const int MaximumPrefixLength = 16;
    public const int SuffixLength = 8;
    public const int MaximumGrants = 20;

    /// <summary>How long an intended account may stay uncreated before it counts as left behind by a crash.</summary>
    public static readonly TimeSpan CreationGrace = TimeSpan.FromMinutes(1);

    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static OneTimeTemplate Validate(OneTimeTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!PrefixPattern().IsMatch(template.Prefix ?? ""))
        {
            throw new KagiException(ProblemCode.Invalid,
                $"A one-time prefix is 1 to {MaximumPrefixLength} characters: a lowercase letter or '_' first, then lowercase letters, digits or '_'.");
        }

        var grants = template.Grants.IsDefault ? [] : template.Grants;
        if (grants.Length > MaximumGrants || grants.Any(g => string.IsNullOrWhiteSpace(g) || g.Length > 63 || g.Contains('\0', StringComparison.Ordinal)))
        {
            throw new KagiException(ProblemCode.Invalid, $"Grants are at most {MaximumGrants} names of 1 to 63 characters.");
        }

        if (!Enum.IsDefined(template.EndAction))
        {
            throw new KagiException(ProblemCode.Invalid, "The end action is 'remove' or 'disable'.");
        }

        return template with { Grants = [.. grants.Distinct(StringComparer.Ordinal)] };
    }

    /// <summary><c>{prefix}_{8 random lowercase letters and digits}</c>: a valid PostgreSQL, Linux and LDAP name.</summary>
    public static string NewUsername(string prefix, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<char> suffix = stackalloc char[SuffixLength];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = random.Pick(SuffixAlphabet);
        }

        return $"{prefix}_{suffix}";
    }

    /// <summary>The instance serving a lease, unless it is already ending.</summary>
    public static OneTimeInstance? For(ImmutableArray<OneTimeInstance> instances, LeaseState lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return Safe(instances).FirstOrDefault(i => i.Phase != OneTimePhase.Ending && i.RequestId == lease.RequestId && i.Holder == lease.Holder);
    }

    /// <summary>Records the intent to create <paramref name="username"/> for <paramref name="lease"/>.</summary>
    public static ImmutableArray<OneTimeInstance> Intend(ImmutableArray<OneTimeInstance> instances, LeaseState lease, string username, byte[] secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return Safe(instances).Add(new OneTimeInstance
        {
            Username = username,
            RequestId = lease.RequestId,
            Holder = lease.Holder,
            Secret = secret,
            Phase = OneTimePhase.Creating,
            IntendedAt = now,
            Until = lease.Until,
        });
    }

    public static ImmutableArray<OneTimeInstance> Created(ImmutableArray<OneTimeInstance> instances, string username) =>
        Update(instances, username, i => i.Phase == OneTimePhase.Creating ? i with { Phase = OneTimePhase.Active } : i);

    /// <summary>Drops an instance: it is gone from the target, or its name turned out to belong to someone else.</summary>
    public static ImmutableArray<OneTimeInstance> Forget(ImmutableArray<OneTimeInstance> instances, string username) =>
        [.. Safe(instances).Where(i => i.Username != username)];

    /// <summary>Marks the instances matching <paramref name="which"/> for cleanup now. One never created
    /// for sure (still creating) is removed whatever the end action: nobody has seen its password.</summary>
    public static ImmutableArray<OneTimeInstance> End(ImmutableArray<OneTimeInstance> instances, Func<OneTimeInstance, bool> which, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(which);
        return [.. Safe(instances).Select(i => i.Phase != OneTimePhase.Ending && which(i)
            ? i with { Phase = OneTimePhase.Ending, NextCleanupAt = now, RemoveRegardless = i.Phase == OneTimePhase.Creating }
            : i)];
    }

    /// <summary>Ends the instances of the leases that were returned or ran out.</summary>
    public static ImmutableArray<OneTimeInstance> EndFor(ImmutableArray<OneTimeInstance> instances, IEnumerable<LeaseState> released, DateTimeOffset now)
    {
        var keys = released.Select(l => (l.RequestId, l.Holder)).ToHashSet();
        return End(instances, i => keys.Contains((i.RequestId, i.Holder)), now);
    }

    /// <summary>
    /// Marks for cleanup whatever is over by <paramref name="now"/>: instances whose lease window has
    /// closed, and intents older than <see cref="CreationGrace"/> (a check-out finishes what it starts
    /// before anything else runs on the account, so such an intent was left behind by a crash).
    /// </summary>
    public static ImmutableArray<OneTimeInstance> EndOverdue(ImmutableArray<OneTimeInstance> instances, DateTimeOffset now) =>
        End(instances, i => now >= i.Until || (i.Phase == OneTimePhase.Creating && now >= i.IntendedAt + CreationGrace), now);

    /// <summary>Instances whose cleanup is due now (after <see cref="EndOverdue"/>).</summary>
    public static ImmutableArray<OneTimeInstance> DueForCleanup(ImmutableArray<OneTimeInstance> instances, DateTimeOffset now) =>
        [.. Safe(instances).Where(i => i.Phase == OneTimePhase.Ending && (i.NextCleanupAt ?? now) <= now)];

    /// <summary>Records a failed cleanup; the next try waits 15 s, 30 s, 1 min … up to 15 min, for ever.</summary>
    public static ImmutableArray<OneTimeInstance> CleanupFailed(ImmutableArray<OneTimeInstance> instances, string username, DateTimeOffset now, string error) =>
        Update(instances, username, i =>
        {
            var attempts = i.CleanupAttempts + 1;
            return i with { CleanupAttempts = attempts, NextCleanupAt = now + RotationPlan.RetryDelay(attempts), LastError = error };
        });

    /// <summary>When the instances next need the account's reminder, or null.</summary>
    public static DateTimeOffset? NextDue(ImmutableArray<OneTimeInstance> instances) =>
        Safe(instances).Select(i => i.Phase switch
        {
            OneTimePhase.Ending => i.NextCleanupAt ?? i.Until,
            OneTimePhase.Creating => Min(i.Until, i.IntendedAt + CreationGrace),
            _ => i.Until,
        }).Select(at => (DateTimeOffset?)at).Min();

    public static string PhaseName(OneTimePhase phase) => phase switch
    {
        OneTimePhase.Creating => "creating",
        OneTimePhase.Active => "active",
        _ => "cleanup-pending",
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static ImmutableArray<OneTimeInstance> Safe(ImmutableArray<OneTimeInstance> instances) => instances.IsDefault ? [] : instances;

    private static ImmutableArray<OneTimeInstance> Update(ImmutableArray<OneTimeInstance> instances, string username, Func<OneTimeInstance, OneTimeInstance> change) =>
        [.. Safe(instances).Select(i => i.Username == username ? change(i) : i)];

    [GeneratedRegex(@"\A[a-z_][a-z0-9_]{0,15}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
