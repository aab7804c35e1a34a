using System.Globalization;
using Kagi.Vault;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kagi.Benchmarks.Http;

/// <summary>
/// P1's baseline, its own process: ASP.NET and one grain call, the same <see cref="IPrivilegedAccountGrain.GetAsync"/>
/// on the same silo that Kagi's Frontend calls, through an Orleans client of the same cluster, with nothing else: no
/// token, no session, no admission, no pipeline.
/// Usage: Kagi.Benchmarks baseline-web &lt;http port&gt; &lt;gateway port&gt; &lt;service id&gt; &lt;cluster id&gt;
/// </summary>
internal static class BaselineWeb
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        var gateway = int.Parse(args[1], CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gateway, args[2], args[3]));
        var app = builder.Build();
        app.MapGet("/t/{tenant}/accounts/{id}", async (string tenant, string id, IClusterClient cluster, HttpContext http) =>
            Results.Ok(await cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(tenant, id))
                .GetAsync(new Caller(tenant, "alice", [KagiRoles.Admin], http.Connection.RemoteIpAddress?.ToString()))));
        app.MapGet("/ready", () => Results.Ok());
        await app.RunAsync();
        return 0;
    }
}
