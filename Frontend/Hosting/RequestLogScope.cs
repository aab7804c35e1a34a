namespace Kagi.Frontend.Hosting;

/// <summary>
/// Every line logged while a request is handled carries its tenant (the route's, when it names one) and request id
/// (ASP.NET Core's <see cref="HttpContext.TraceIdentifier"/>); the id also travels to the silos in Orleans' request
/// context (<see cref="RequestIds"/>), so the grains' lines for the same request carry it too. Written once, here,
/// rather than in each slice.
/// </summary>
public static class RequestLogScope
{
    private static readonly Func<ILogger, string, string, IDisposable?> Scope = LoggerMessage.DefineScope<string, string>("tenant={TenantId} request={RequestId}");

    public static IApplicationBuilder UseRequestLogScope(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Kagi.Frontend.Requests");
        return app.Use(async (http, next) =>
        {
            Orleans.Runtime.RequestContext.Set(RequestIds.ContextKey, http.TraceIdentifier);
            var tenant = http.GetRouteValue(Mediation.AccessGate.TenantRouteValue) as string;
            using var scope = Scope(logger, tenant ?? "-", http.TraceIdentifier);
            await next(http);
        });
    }
}
