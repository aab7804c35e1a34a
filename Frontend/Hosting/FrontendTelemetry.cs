using Kagi.Errors;
using Kagi.Frontend.Security;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// The Frontend's OpenTelemetry: ASP.NET Core's, the HTTP client's and the Orleans client's meters, served to the
/// operator alone at <see cref="MetricsPath"/>; and, only when OTEL_EXPORTER_OTLP_ENDPOINT is set, metrics,
/// traces (requests and the grain calls they make) and logs with their scopes pushed there as well. Kagi's own
/// meter is recorded in the silos and scraped from their operator listener.
/// </summary>
public static class FrontendTelemetry
{
    public const string MetricsPath = "/operator/metrics";

    private static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static bool ExportsOtlp(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static WebApplicationBuilder AddKagiTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("kagi-frontend"))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        if (ExportsOtlp(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(OrleansActivitySources)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
            builder.Logging.AddOpenTelemetry(logging => logging.IncludeScopes = true);
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The scrape endpoint, answered only to the operator token (after authentication has run), never listed in the API documentation.</summary>
    public static void MapOperatorMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(
            http => http.Request.Path.StartsWithSegments(MetricsPath, StringComparison.Ordinal),
            branch => branch.Use(async (http, next) =>
            {
                if (!http.User.HasClaim(KagiClaims.Operator, "true"))
                {
                    throw new KagiException(ProblemCode.Unauthenticated, "Metrics are for the operator: send 'Authorization: Bearer <operator token>'.");
                }

                await next(http);
            }));
        app.MapPrometheusScrapingEndpoint(MetricsPath);
    }
}
