using System.Net;
using System.Net.Sockets;
using Kagi.Security;
using Kagi.Security.Keys;
using Kagi.Silo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kagi.Benchmarks;

/// <summary>
/// A silo in the benchmark's own process with Kagi's storage and services on <paramref name="connection"/>: localhost
/// clustering on free ports, warnings only in the log. <paramref name="configure"/> adds what one benchmark changes.
/// </summary>
internal static class BenchSilo
{
    public static async Task<IHost> StartAsync(string connection, MasterKey masterKey, string serviceId, Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: serviceId, clusterId: "bench")
                .AddKagiStorageAndServices(connection, new StaticKeyProvider(masterKey));
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A master key of random bytes, for a benchmark whose data is thrown away.</summary>
    public static MasterKey RandomMasterKey() => new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(MasterKey.Length));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
