using System.Net;
using Kagi.Tests.Mediation;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Kagi.Tests.EndToEnd;

/// <summary>Calls any route of the route table over HTTP, its parameters filled with valid canonical values.</summary>
public static class RouteCalls
{
    /// <summary>The value for a route parameter without an identifier constraint (not an identifier), by name.</summary>
    private static readonly Dictionary<string, string> PlainValues = new(StringComparer.Ordinal) { ["report"] = "usage" };

    public static string PathOf(FrontendRoute route, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(route);
        return string.Concat(route.Endpoint.RoutePattern.PathSegments.Select(segment => "/" + string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => Uri.EscapeDataString(ValueOf(parameter, tenantId)),
            _ => "",
        }))));
    }

    /// <summary>Sends <paramref name="json"/> as it is (null: no body) to the route.</summary>
    public static Task<ApiResponse> SendAsync(KagiApi api, FrontendRoute route, string tenantId, string? token, string? json, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(route);
        return api.SendRawAsync(new HttpMethod(route.Method), PathOf(route, tenantId), json, token, "application/json", headers);
    }

    private static string ValueOf(RoutePatternParameterPart parameter, string tenantId)
    {
        var constraints = parameter.ParameterPolicies.Select(policy => policy.Content).ToList();
        return constraints.Contains("tenant") ? tenantId
            : constraints.Contains("id") ? JsonBodies.SampleText
            : PlainValues.GetValueOrDefault(parameter.Name, JsonBodies.SampleText);
    }

    public static bool IsServerError(HttpStatusCode status) => (int)status >= 500;
}
