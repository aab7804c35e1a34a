namespace Kagi.Tenancy;

/// <summary>Every sign-in setting of a tenant; a tenant that never changed one has the defaults.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TenantSecuritySettings")]
public sealed record TenantSecuritySettings
{
    [Id(0)] public PasswordPolicySettings PasswordPolicy { get; init; } = new();
    [Id(1)] public LockoutSettings Lockout { get; init; } = new();
    [Id(2)] public IpAllowListSettings IpAllowList { get; init; } = new();
    [Id(3)] public MfaSettings Mfa { get; init; } = new();
    [Id(4)] public SessionSettings Sessions { get; init; } = new();
    [Id(5)] public AdaptiveAuthSettings Adaptive { get; init; } = new();
}
