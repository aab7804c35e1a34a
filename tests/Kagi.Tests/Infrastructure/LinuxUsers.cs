using System.Diagnostics;
using System.Security.Cryptography;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// OS users for the SSH connector's tests, made directly on this machine (the tests run as root beside the
/// private sshd), named with the run's prefix so only they can log in there and ./test.sh can sweep them.
/// Whether a password works is checked with a login of the test's own, never through the connector.
/// </summary>
public sealed class LinuxUsers : IDisposable
{
    private readonly List<string> _created = [];

    public static string NewPassword() => "Kg-" + RandomNumberGenerator.GetHexString(24, lowercase: true);

    /// <summary>A fresh name with the run's prefix, not (yet) an account.</summary>
    public static string NewName() => TestEnvironment.SshUserPrefix + RandomNumberGenerator.GetHexString(8, lowercase: true);

    /// <summary>Creates a user with a random password (and forgets it on <see cref="Dispose"/>).</summary>
    public (string Name, string Password) Create(string shell = "/bin/bash")
    {
        var name = NewName();
        var password = NewPassword();
        _created.Add(name);
        Run("useradd", ["--create-home", "--shell", shell, name]);
        Run("chpasswd", [], $"{name}:{password}\n");
        return (name, password);
    }

    /// <summary>Remembers a user someone else (the connector) creates, so it is removed afterwards.</summary>
    public void Track(string name) => _created.Add(name);

    public static bool Exists(string name) => Run("getent", ["passwd", name], check: false) == 0;

    public static async Task<bool> CanLogInAsync(string name, string password)
    {
        using var client = new SshClient(new ConnectionInfo(TestEnvironment.SshHost, TestEnvironment.SshPort, name, new PasswordAuthenticationMethod(name, password))
        {
            Timeout = TimeSpan.FromSeconds(10),
        });
        try
        {
            await client.ConnectAsync(CancellationToken.None);
            return true;
        }
        catch (SshAuthenticationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var name in _created)
        {
            Run("userdel", ["--force", "--remove", name], check: false);
        }
    }

    // useradd/userdel lock /etc/passwd; parallel tests (and other suites on the machine) may hold the lock briefly.
    private static int Run(string program, string[] arguments, string? input = null, bool check = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.StandardInput.Write(input ?? "");
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0 || !check)
            {
                return process.ExitCode;
            }

            if (attempt < 10 && error.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                Thread.Sleep(200 * attempt);
                continue;
            }

            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {error}");
        }
    }
}
