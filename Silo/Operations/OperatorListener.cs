using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace Kagi.Silo.Operations;

/// <summary>
/// What the silo serves over HTTP: only the operator's metrics and dashboard, behind the operator token, and only
/// when <see cref="OperatorSettings.Urls"/> names where. Without it the host gets a server that binds nothing, so a
/// silo never opens a port nobody asked for (Kestrel would otherwise take localhost:5000).
/// </summary>
public static class OperatorListener
{
    public const string MetricsPath = "/operator/metrics";
    public const string DashboardPath = "/operator/dashboard";

    public static void Configure(WebApplicationBuilder builder, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Urls is null)
        {
            builder.Services.AddSingleton<IServer, NoServer>();
            return;
        }

        builder.WebHost.UseUrls(settings.Urls);
    }

    public static void Map(WebApplication app, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Urls is null)
        {
            return;
        }

        var expected = Encoding.UTF8.GetBytes("Bearer " + settings.Token);
        // Before routing, so nothing (not even which paths exist) is told to a caller without the token.
        app.Use(async (http, next) =>
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString()), expected))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }

            await next(http);
        });
        app.UseRouting();
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        if (settings.Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: DashboardPath);
        }
    }

    /// <summary>A server that listens nowhere: the host runs (Orleans, timers, reminders) with no HTTP at all.</summary>
    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
