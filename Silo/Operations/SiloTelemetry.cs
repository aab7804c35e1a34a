using Kagi.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kagi.Silo.Operations;

/// <summary>
/// The silo's OpenTelemetry: Kagi's meter and Orleans' own, the .NET HTTP client's, read by the operator listener's
/// Prometheus endpoint; and, only when OTEL_EXPORTER_OTLP_ENDPOINT is set, metrics, Orleans' traces and the logs
/// (with their scopes: tenant and request id) pushed there as well.
/// </summary>
public static class SiloTelemetry
{
    private static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static bool ExportsOtlp(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static void Add(WebApplicationBuilder builder, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var otlp = ExportsOtlp(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("kagi-silo"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(KagiMetrics.MeterName, "Microsoft.Orleans").AddHttpClientInstrumentation();
                if (settings.Urls is not null)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(OrleansActivitySources).AddHttpClientInstrumentation());
            builder.Logging.AddOpenTelemetry(logging => logging.IncludeScopes = true);
            telemetry.UseOtlpExporter();
        }
    }
}
