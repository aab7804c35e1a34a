namespace Kagi.Tenancy;

/// <summary>One customer of Kagi. Key: the tenant id.</summary>
[Alias("kagi.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant and its first admin user. Refuses an existing tenant.</summary>
    [Alias("Create")]
    Task<TenantInfo> CreateAsync(TenantCreation creation);

    /// <summary>The tenant, or null when no tenant has this id.</summary>
    [Alias("Get")]
    Task<TenantInfo?> GetAsync();

    /// <summary>The operator suspends (true) or resumes (false) the tenant: while suspended every sign-in and call is
    /// refused (403 tenant-suspended) but Kagi's own work (rotations, request timers) goes on. Idempotent.</summary>
    [Alias("SetSuspended")]
    Task<TenantInfo> SetSuspendedAsync(bool suspended);
}
