using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kagi.Tests.EndToEnd;

namespace Kagi.Tests.Infrastructure;

/// <summary>A real SMTP server (npm smtp-server, scripts/smtp-sink.mjs) that writes each message to a folder.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;

    private SmtpSink(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    public string Folder { get; }

    public IReadOnlyList<string> Messages => [.. Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal)];

    public static async Task<SmtpSink> StartAsync()
    {
        var port = LoopbackPorts.Unused();
        var folder = Directory.CreateTempSubdirectory("kagi-mail-").FullName;
        var start = new ProcessStartInfo("node", [Path.Combine(RepositoryLayout.Root, "scripts", "smtp-sink.mjs"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder])
        {
            WorkingDirectory = RepositoryLayout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the SMTP sink.");
        var ready = await process.StandardOutput.ReadLineAsync();
        if (ready?.Contains("listening", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"The SMTP sink did not start: {ready} {await process.StandardError.ReadToEndAsync()}");
        }

        return new SmtpSink(process, port, folder);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

}
