namespace Kagi.Security.Keys;

/// <summary>Re-seals a tenant's secrets under a new data key, in the background, surviving restarts. Key: the tenant id.</summary>
[Alias("kagi.IReencryptionGrain")]
public interface IReencryptionGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(Caller caller, int keyId);
}
