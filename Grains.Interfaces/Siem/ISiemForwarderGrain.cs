using Orleans.Concurrency;

namespace Kagi.Siem;

/// <summary>
/// Streams one tenant's audit log to one SIEM destination, in order, from a durable cursor: an event
/// counts as delivered only once the destination acknowledged it, and the cursor moves only then, so
/// nothing is lost across failures and restarts. Key: <c>{tenantId}/{destinationId}</c>.
/// </summary>
[Alias("kagi.ISiemForwarderGrain")]
public interface ISiemForwarderGrain : IGrainWithStringKey
{
    /// <summary>Sets (or, with null, removes) the destination; a new destination starts from the oldest retained event.</summary>
    [Alias("Configure")]
    Task ConfigureAsync(Caller caller, SiemDestination? destination);

    /// <summary>New events were stored: deliver what is pending.</summary>
    [Alias("Wake"), OneWay]
    Task WakeAsync();
}
