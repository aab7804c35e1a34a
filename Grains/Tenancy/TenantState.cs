namespace Kagi.Tenancy;

[GenerateSerializer, Alias("kagi.state.Tenant")]
public sealed record TenantState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public string Name { get; init; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; init; }
    [Id(3)] public DateTimeOffset? SuspendedAt { get; init; }
}
