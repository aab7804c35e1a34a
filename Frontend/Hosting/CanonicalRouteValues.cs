using System.Globalization;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// Replaces every route value declared as a tenant or an identifier (<c>{tenant:tenant}</c>,
/// <c>{x:id}</c>) with its canonical form, after routing matched and before the endpoint binds its
/// parameters: handlers, validators, audit records and grain keys only ever see canonical ids. A route
/// parameter without either constraint is not an identifier (e.g. a report kind) and is left alone.
/// </summary>
public static class CanonicalRouteValues
{
    private static readonly TenantIdRouteConstraint Tenant = new();
    private static readonly IdentifierRouteConstraint Identifier = new();

    public static IApplicationBuilder UseCanonicalRouteValues(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is RouteEndpoint endpoint)
            {
                Canonicalize(endpoint.RoutePattern, context.Request.RouteValues);
            }

            return next(context);
        });

    public static void Canonicalize(RoutePattern pattern, RouteValueDictionary values)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(values);
        foreach (var parameter in pattern.Parameters)
        {
            if (!values.TryGetValue(parameter.Name, out var value) || Convert.ToString(value, CultureInfo.InvariantCulture) is not { } text)
            {
                continue;
            }

            foreach (var policy in parameter.ParameterPolicies)
            {
                // The constraints already refused what has no canonical form; here it only folds.
                CanonicalRouteConstraint? constraint = policy.Content switch
                {
                    TenantIdRouteConstraint.Name => Tenant,
                    IdentifierRouteConstraint.Name => Identifier,
                    _ => null,
                };
                if (constraint?.Canonicalize(text) is { } canonical)
                {
                    values[parameter.Name] = canonical;
                }
            }
        }
    }
}
