namespace Kagi.Tenancy;

[GenerateSerializer, Immutable, Alias("kagi.TenantInfo")]
public sealed record TenantInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt)
{
    /// <summary>Set while the operator has the tenant suspended: nobody signs in or calls its API.</summary>
    [Id(3)] public DateTimeOffset? SuspendedAt { get; init; }
}
