using System.Globalization;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// A route parameter that must have a canonical form under <paramref name="canonicalize"/>; anything
/// else is simply not a route, so it answers 404 like something unknown. The value is folded to that
/// form by <see cref="CanonicalRouteValues"/> before any handler sees it.
/// </summary>
public abstract class CanonicalRouteConstraint(Func<string?, string?> canonicalize) : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(routeKey, out var value) && Canonicalize(Convert.ToString(value, CultureInfo.InvariantCulture)) is not null;
    }

    public string? Canonicalize(string? value) => canonicalize(value);
}
