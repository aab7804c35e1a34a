using System.Collections.Immutable;

namespace Kagi.Incidents;

/// <summary>
/// Hands an operator's announcement to each affected tenant's <see cref="ITenantIncidentGrain"/>: the
/// tenants named, or every tenant, read page by page from the tenant directory. Keeps nothing. Key: 0.
/// </summary>
[Alias("kagi.IIncidentBroadcastGrain")]
public interface IIncidentBroadcastGrain : IGrainWithIntegerKey
{
    /// <summary>The operator (<see cref="Caller.Operator"/>; its tenant is not used) announces to <paramref name="tenants"/> (empty: every tenant). An unknown tenant is refused
    /// (not found) before any is told. Repeating the call after a failure finishes what is left.</summary>
    [Alias("Announce")]
    Task<IncidentBroadcastResult> AnnounceAsync(Caller caller, IncidentAnnouncement announcement, ImmutableArray<string> tenants);
}
