using System.Globalization;
using System.Text.RegularExpressions;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// <c>{tenant:tenant}</c>: lowercase letters, digits and inner hyphens, up to 63 characters. Anything
/// else is simply not a route, so it answers 404 like an unknown tenant.
/// </summary>
public sealed partial class TenantIdRouteConstraint : IRouteConstraint
{
    public const string Name = "tenant";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(routeKey, out var value)
            && Convert.ToString(value, CultureInfo.InvariantCulture) is { } text
            && IsValid(text);
    }

    public static bool IsValid(string tenantId) => Pattern().IsMatch(tenantId);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Pattern();
}
