using System.Collections.Immutable;

namespace Kagi.Tenancy;

/// <summary>
/// A tenant's sign-in settings. Key: the tenant id. Every change is made by an admin of the tenant
/// (the Frontend audits it); the operator may reset the IP allow-list.
/// </summary>
[Alias("kagi.ITenantSecurityGrain")]
public interface ITenantSecurityGrain : IGrainWithStringKey
{
    /// <summary>The settings in force. Not secret; read on every sign-in and API call.</summary>
    [Alias("Get"), Orleans.Concurrency.ReadOnly]
    Task<TenantSecuritySettings> GetAsync();

    [Alias("SetPasswordPolicy")]
    Task<TenantSecuritySettings> SetPasswordPolicyAsync(Caller caller, PasswordPolicySettings policy);

    [Alias("SetLockout")]
    Task<TenantSecuritySettings> SetLockoutAsync(Caller caller, LockoutSettings lockout);

    /// <summary>Replaces the allow-list. Refused when the caller's own address and roles would no
    /// longer be allowed, unless <paramref name="force"/>.</summary>
    [Alias("SetIpAllowList")]
    Task<TenantSecuritySettings> SetIpAllowListAsync(Caller caller, IpAllowListSettings allowList, bool force);

    /// <summary>Empties the allow-list; for the operator, who reaches a tenant locked out of itself.</summary>
    [Alias("ResetIpAllowList")]
    Task<TenantSecuritySettings> ResetIpAllowListAsync();

    [Alias("SetMfa")]
    Task<TenantSecuritySettings> SetMfaAsync(Caller caller, MfaSettings mfa);

    [Alias("SetAdaptive")]
    Task<TenantSecuritySettings> SetAdaptiveAsync(Caller caller, AdaptiveAuthSettings adaptive);

    [Alias("SetSessions")]
    Task<TenantSecuritySettings> SetSessionsAsync(Caller caller, SessionSettings sessions);

    /// <summary>Whether a call from <paramref name="ipAddress"/> by someone holding
    /// <paramref name="roles"/> is allowed (null roles: before sign-in, the tenant list only).</summary>
    [Alias("IsAllowed"), Orleans.Concurrency.ReadOnly]
    Task<bool> IsAllowedAsync(string? ipAddress, ImmutableArray<string>? roles);

    /// <summary>Whether the tenant takes a call from <paramref name="ipAddress"/> by someone holding <paramref name="roles"/>:
    /// the allow-list first (so an outsider learns nothing more), then the operator's suspension.</summary>
    [Alias("Admit"), Orleans.Concurrency.ReadOnly]
    Task<TenantAdmission> AdmitAsync(string? ipAddress, ImmutableArray<string>? roles);

    /// <summary>Suspends the tenant from <paramref name="since"/>, or with null resumes it. The tenant's own grain
    /// calls this; reminders and timers go on (rotations keep running while nobody may sign in).</summary>
    [Alias("SetSuspended")]
    Task SetSuspendedAsync(DateTimeOffset? since);
}
