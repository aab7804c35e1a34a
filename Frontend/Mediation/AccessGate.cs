using Kagi.Audit;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Security;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// No endpoint reads a body before authorization (issue 10). Runs after routing and authentication and before
/// anything that reads the body (antiforgery, idempotency keys, the endpoint's own binding): for an endpoint that
/// names the request it sends (<see cref="SendsRequest"/>) it takes <see cref="AccessDecision"/> with the route's
/// tenant and refuses there with the problem the pipeline would answer, so a stranger's malformed or huge body is
/// never read. A refusal the pipeline records (a member of the tenant without the role, a restricted session, an
/// API token) is recorded here instead, once, from the route alone (<see cref="RouteOnlyRequest"/>): a refused
/// request never reaches the pipeline.
/// </summary>
public static class AccessGate
{
    public const string TenantRouteValue = "tenant";

    public static IApplicationBuilder UseAccessGate(this IApplicationBuilder app) => app.Use(InvokeAsync);

    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (http.GetEndpoint() is RouteEndpoint endpoint && endpoint.Metadata.GetMetadata<SendsRequest>() is { } sends)
        {
            var tenantId = http.GetRouteValue(TenantRouteValue) as string;
            if (AccessDecision.Refusal(sends.RequestType, tenantId, http.RequestServices.GetRequiredService<ICallerContext>()) is { } refusal)
            {
                await RecordAsync(http, endpoint, sends, tenantId, refusal);
                throw refusal;
            }
        }

        await next(http);
    }

    private static async Task RecordAsync(HttpContext http, RouteEndpoint endpoint, SendsRequest sends, string? tenantId, Exception refusal)
    {
        if (tenantId is null)
        {
            return;
        }

        var routeValues = endpoint.RoutePattern.Parameters
            .Where(parameter => parameter.Name != TenantRouteValue)
            .Select(parameter => http.GetRouteValue(parameter.Name) as string ?? "")
            .ToList();
        var audit = http.RequestServices.GetRequiredService<AuditWriter>();
        if (RouteOnlyRequest.For(sends.RequestType, tenantId, routeValues, sends.AuditAction) is { } request && audit.ActorFor(request) is { } actor)
        {
            await audit.AppendAsync(request, actor, AuditResults.Failure, AuditWriter.Describe(refusal));
        }
    }
}
