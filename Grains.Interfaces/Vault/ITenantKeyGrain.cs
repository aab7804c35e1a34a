using Orleans.Concurrency;

namespace Kagi.Vault;

/// <summary>
/// A tenant's data encryption keys (DEKs), each wrapped by a key-encryption key (KEK) from the key
/// provider. Only wrapped keys leave this grain; each silo unwraps with its own provider.
/// Key: the tenant id.
/// </summary>
[Alias("kagi.ITenantKeyGrain")]
public interface ITenantKeyGrain : IGrainWithStringKey
{
    /// <summary>The key new secrets are sealed with; the first one is made on first use.</summary>
    [Alias("GetCurrent")]
    Task<WrappedDataKey> GetCurrentAsync();

    /// <summary>A key by id, to open what it sealed.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<WrappedDataKey> GetAsync(int id);

    /// <summary>Makes a new current data key and re-encrypts the tenant's secrets with it in the background.</summary>
    [Alias("RotateDataKey")]
    Task<TenantKeyStatus> RotateDataKeyAsync(Caller caller);

    /// <summary>Re-wraps every data key with the provider's current KEK (after a KEK rotation).</summary>
    [Alias("Rewrap")]
    Task<TenantKeyStatus> RewrapAsync(Caller caller);

    [Alias("GetStatus"), AlwaysInterleave]
    Task<TenantKeyStatus> GetStatusAsync(Caller caller);

    /// <summary>Called by the background re-encryption when every secret uses the current key.</summary>
    [Alias("MarkReencrypted")]
    Task MarkReencryptedAsync(Caller caller, int keyId, int objects);
}
