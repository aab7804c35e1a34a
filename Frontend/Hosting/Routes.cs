namespace Kagi.Frontend.Hosting;

public static class Routes
{
    /// <summary>The prefix of every tenant-scoped route.</summary>
    public const string Tenant = "/api/t/{tenant:" + TenantIdRouteConstraint.Name + "}";
}
