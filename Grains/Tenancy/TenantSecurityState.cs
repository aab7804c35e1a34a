namespace Kagi.Tenancy;

[GenerateSerializer, Alias("kagi.state.TenantSecurity")]
public sealed record TenantSecurityState
{
    [Id(0)] public TenantSecuritySettings Settings { get; init; } = new();

    /// <summary>Set while the operator has the tenant suspended.</summary>
    [Id(1)] public DateTimeOffset? SuspendedAt { get; init; }
}
