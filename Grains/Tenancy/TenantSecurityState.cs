namespace Kagi.Tenancy;

[GenerateSerializer, Alias("kagi.state.TenantSecurity")]
public sealed record TenantSecurityState
{
    [Id(0)] public TenantSecuritySettings Settings { get; init; } = new();
}
