namespace Kagi.Frontend.Hosting;

/// <summary><c>{tenant:tenant}</c>: a value whose canonical form is a tenant id (<see cref="Identifiers.TenantRule"/>).</summary>
public sealed class TenantIdRouteConstraint() : CanonicalRouteConstraint(Identifiers.CanonicalizeTenant)
{
    public const string Name = "tenant";
}
