namespace Kagi.Security.Keys;

/// <summary>Re-seals a tenant's secrets under a new data key, in the background, surviving restarts. Key: the tenant id.</summary>
[Alias("kagi.IReencryptionGrain")]
public interface IReencryptionGrain : IGrainWithStringKey
{
    /// <summary>Starts (or restarts, idempotently) re-sealing everything under data key <paramref name="keyId"/>. Admin or Kagi itself.</summary>
    [Alias("Start")]
    Task StartAsync(Caller caller, int keyId);
}
