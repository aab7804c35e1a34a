using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>Discovery on one target and bringing what it found under management. Key: <c>{tenantId}/{targetId}</c>.</summary>
[Alias("kagi.ITargetDiscoveryGrain")]
public interface ITargetDiscoveryGrain : IGrainWithStringKey
{
    /// <summary>Scans the target now and keeps the report.</summary>
    [Alias("Discover")]
    Task<DiscoveryReport> DiscoverAsync(Caller caller);

    /// <summary>The last report, or null before the first scan.</summary>
    [Alias("LastReport")]
    Task<DiscoveryReport?> GetLastReportAsync(Caller caller);

    /// <summary>Brings unmanaged accounts under management: Kagi sets a fresh password on each with the
    /// target's admin credential, verifies it, and registers it under the given account id.</summary>
    [Alias("Adopt")]
    Task<ImmutableArray<AdoptionResult>> AdoptAsync(Caller caller, ImmutableDictionary<string, string> accountIdsByUsername);
}
