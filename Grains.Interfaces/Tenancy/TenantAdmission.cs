namespace Kagi.Tenancy;

/// <summary>Whether a tenant takes a call: every tenant request, sign-in included, is asked this once.</summary>
[GenerateSerializer, Alias("kagi.TenantAdmission")]
public enum TenantAdmission
{
    Admitted = 0,

    /// <summary>The caller's address (with their roles) is outside the tenant's allow-list.</summary>
    IpNotAllowed = 1,

    /// <summary>The operator suspended the tenant.</summary>
    Suspended = 2,
}
