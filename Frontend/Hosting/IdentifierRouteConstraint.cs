using System.Globalization;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// <c>{id:id}</c>: a value whose canonical form is an identifier (<see cref="Identifiers.Rule"/>).
/// Anything else (<c>eve%23x</c>, a trailing newline) cannot name anything, so it is not a route and
/// answers 404. <see cref="CanonicalRouteValues"/> folds the value before any handler sees it.
/// </summary>
public sealed class IdentifierRouteConstraint : IRouteConstraint
{
    public const string Name = "id";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(routeKey, out var value)
            && Identifiers.Canonicalize(Convert.ToString(value, CultureInfo.InvariantCulture)) is not null;
    }
}
