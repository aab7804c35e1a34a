namespace Kagi.Vault;

/// <summary>Discovery on one target (adopting what it found is an import job: <see cref="IAccountImportJobGrain.AdoptAsync"/>). Key: <c>{tenantId}/{targetId}</c>.</summary>
[Alias("kagi.ITargetDiscoveryGrain")]
public interface ITargetDiscoveryGrain : IGrainWithStringKey
{
    /// <summary>Scans the target now and keeps the report.</summary>
    [Alias("Discover")]
    Task<DiscoveryReport> DiscoverAsync(Caller caller);

    /// <summary>The last report, or null before the first scan.</summary>
    [Alias("LastReport")]
    Task<DiscoveryReport?> GetLastReportAsync(Caller caller);
}
