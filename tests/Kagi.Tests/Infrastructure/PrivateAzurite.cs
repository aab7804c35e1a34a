using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kagi.Tests.EndToEnd;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// An Azurite table service of a test's own (from the repository's pinned node_modules), on a free
/// port with its data in a temporary folder, so that a test can stop it without disturbing the
/// shared one that ./test.sh started.
/// </summary>
public sealed class PrivateAzurite : IAsyncDisposable
{
    private readonly string _location = Directory.CreateTempSubdirectory("kagi-azurite-").FullName;
    private readonly int _port = LoopbackPorts.Unused();
    private Process? _process;

    /// <summary>The connection string of Azurite's well-known development account.</summary>
    public string Connection =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + $"TableEndpoint=http://127.0.0.1:{_port}/devstoreaccount1;";

    public static async Task<PrivateAzurite> StartAsync()
    {
        var azurite = new PrivateAzurite();
        await azurite.RunAsync();
        return azurite;
    }

    /// <summary>Kills the process (as a crashed or unreachable store) and waits until the port refuses connections.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_location, recursive: true);
    }

    private async Task RunAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryLayout.Root, "node_modules", ".bin", "azurite-table"),
            ["--location", _location, "--tableHost", "127.0.0.1", "--tablePort", _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--disableTelemetry", "--skipApiVersionCheck", "--loose"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Generous: node takes long to load Azurite on a machine shared by many builds.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!await AcceptsAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The private Azurite did not listen on port {_port}.");
            }

            await Task.Delay(100);
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, _port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

}
