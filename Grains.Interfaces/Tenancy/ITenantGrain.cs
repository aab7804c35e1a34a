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
}
