using Orleans.Configuration;

namespace Kagi.Silo.Clustering;

/// <summary>
/// How quickly the cluster declares a silo dead. Until it does, calls routed to a crashed silo wait,
/// and those waits are what a user would notice; declaring a live-but-slow silo dead costs more (its
/// grains move, its in-flight calls fail), so the settings aim for seconds, never for a single probe.
/// </summary>
public static class FailureDetection
{
    /// <summary>A probe answer takes milliseconds; 2 s (Orleans: 5 s) still covers a long GC pause or a
    /// busy host, and Orleans stretches it by itself while the prober's own health degrades
    /// (<c>ExtendProbeTimeoutDuringDegradation</c>), so a struggling prober does not vote.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Three missed probes in a row (the Orleans default) before a prober suspects a silo:
    /// one lost probe is noise, three are ~6 s of silence.</summary>
    public const int MissedProbesLimit = 3;

    /// <summary>Two probers must agree (the Orleans default; Orleans asks for fewer when fewer silos
    /// are alive to vote), so one silo with a bad link cannot evict a healthy one.</summary>
    public const int VotesForDeathDeclaration = 2;

    /// <summary>Votes count for 20 s (Orleans: 2 min): long enough for a second prober's votes
    /// (~6 s each) to join the first, short enough that a blip minutes ago does not add up with
    /// another one now.</summary>
    public static readonly TimeSpan DeathVoteExpiration = TimeSpan.FromSeconds(20);

    /// <summary>Silos re-read the membership table every 10 s (Orleans: 60 s), so a silo that missed the
    /// gossip about a death or a join catches up quickly.</summary>
    public static readonly TimeSpan TableRefresh = TimeSpan.FromSeconds(10);

    public static void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.NumVotesForDeathDeclaration = VotesForDeathDeclaration;
        options.DeathVoteExpirationTimeout = DeathVoteExpiration;
        options.TableRefreshTimeout = TableRefresh;
        options.ExtendProbeTimeoutDuringDegradation = true;
        options.EnableIndirectProbes = true;
    }
}
