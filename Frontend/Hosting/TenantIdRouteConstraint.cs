using System.Globalization;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// <c>{tenant:tenant}</c>: a value whose canonical form is a tenant id (<see cref="Identifiers.TenantRule"/>).
/// Anything else is simply not a route, so it answers 404 like an unknown tenant. The value itself is
/// folded to its canonical form by <see cref="CanonicalRouteValues"/> before any handler sees it.
/// </summary>
public sealed class TenantIdRouteConstraint : IRouteConstraint
{
    public const string Name = "tenant";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(routeKey, out var value)
            && Identifiers.CanonicalizeTenant(Convert.ToString(value, CultureInfo.InvariantCulture)) is not null;
    }
}
