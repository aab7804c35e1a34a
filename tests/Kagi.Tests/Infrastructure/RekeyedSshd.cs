using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// A second private sshd like the one ./test.sh started (same config, so the same users log in), on another
/// loopback port with a freshly made host key: the server as it looks after a reinstall, or an impostor.
/// Its log is kept in memory, to show what a client did or did not send to it.
/// </summary>
public sealed class RekeyedSshd : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kagi-rekeyed-sshd-").FullName;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Process _sshd;

    private RekeyedSshd(int port)
    {
        Port = port;
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kagi-test-rekeyed", "-f", Path.Combine(_dir, "hostkey"));
        HostKeySha256 = Run("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(_dir, "hostkey.pub")).Split(' ')[1];

        // The test run's config with this server's own port, key and pid file.
        var original = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(TestEnvironment.SshAuthLog)!, "sshd_config"));
        var config = original
            .Where(line => !line.StartsWith("Port ", StringComparison.Ordinal) && !line.StartsWith("HostKey ", StringComparison.Ordinal)
                && !line.StartsWith("PidFile ", StringComparison.Ordinal))
            .Append(string.Create(CultureInfo.InvariantCulture, $"Port {port}"))
            .Append($"HostKey {Path.Combine(_dir, "hostkey")}")
            .Append($"PidFile {Path.Combine(_dir, "sshd.pid")}");
        File.WriteAllLines(Path.Combine(_dir, "sshd_config"), config);

        var start = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-D", "-e", "-f", Path.Combine(_dir, "sshd_config") })
        {
            start.ArgumentList.Add(argument);
        }

        _sshd = Process.Start(start)!;
        _sshd.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _log.Enqueue(line);
            }
        };
        _sshd.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>As <c>ssh-keygen -l -E sha256</c> prints it: <c>SHA256:…</c>.</summary>
    public string HostKeySha256 { get; }

    /// <summary>What sshd logged so far (its stderr).</summary>
    public string Log => string.Join("\n", _log);

    public static async Task<RekeyedSshd> StartAsync()
    {
        var sshd = new RekeyedSshd(LoopbackPorts.Unused());
        try
        {
            await Eventually.Async(() => Task.FromResult(sshd.IsListening()), listening => listening, TimeSpan.FromSeconds(10));
            return sshd;
        }
        catch
        {
            sshd.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_sshd.HasExited)
        {
            _sshd.Kill();
            _sshd.WaitForExit(5000);
        }

        _sshd.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private bool IsListening()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}");
    }
}
