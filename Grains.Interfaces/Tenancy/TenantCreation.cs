namespace Kagi.Tenancy;

/// <summary>What the operator supplies to open a tenant. Carries the first admin's password.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TenantCreation")]
public sealed record TenantCreation(
    [property: Id(0)] string Name,
    [property: Id(1)] string AdminUsername,
    [property: Id(2)] string AdminPassword)
{
    public override string ToString() => $"TenantCreation {{ Name = {Name}, AdminUsername = {AdminUsername} }}";
}
