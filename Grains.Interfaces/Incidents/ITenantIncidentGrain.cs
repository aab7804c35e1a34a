namespace Kagi.Incidents;

/// <summary>
/// One operator announcement as one tenant received it. Key: <c>{tenant}/{incidentId}</c>, so no grain
/// holds the list of tenants an announcement went to.
/// </summary>
[Alias("kagi.ITenantIncidentGrain")]
public interface ITenantIncidentGrain : IGrainWithStringKey
{
    /// <summary>Tells the tenant's admins (mail, webhook, in-app notice) and records it in the tenant's audit
    /// log as <c>kagi:operator</c>, once: the same announcement again answers what was done the first time;
    /// other words under the same id are refused (conflict). Kagi's own call.</summary>
    [Alias("Announce")]
    Task<IncidentOutcome> AnnounceAsync(Caller caller, IncidentAnnouncement announcement);
}
