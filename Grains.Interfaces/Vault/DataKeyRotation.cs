using Kagi.Security.Keys;

namespace Kagi.Vault;

/// <summary>
/// Rotating a tenant's data key is two calls, made by the caller rather than by the key grain: the key
/// grain is a leaf that every secret-holding grain calls, so it must never call the re-encryption
/// walk, which calls those grains back.
/// </summary>
public static class DataKeyRotation
{
    public static async Task<TenantKeyStatus> RotateDataKeyAsync(this IGrainFactory grains, string tenantId, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var status = await grains.GetGrain<ITenantKeyGrain>(tenantId).RotateDataKeyAsync(caller);
        await grains.GetGrain<IReencryptionGrain>(tenantId).StartAsync(caller, status.CurrentKeyId);
        return status;
    }
}
