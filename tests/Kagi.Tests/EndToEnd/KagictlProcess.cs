using System.Diagnostics;

namespace Kagi.Tests.EndToEnd;

/// <summary>Runs the built <c>kagictl</c> as an operator would, with a deployment's settings in its environment.</summary>
public static class KagictlProcess
{
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo("dotnet", [RepositoryLayout.BuiltAssembly(Path.Combine("Tools", "Kagictl"), "kagictl"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in new[] { "KAGI_STORAGE_CONNECTION", "KAGI_SERVICE_ID", "KAGI_MASTER_KEY" })
        {
            start.Environment[name] = settings[name];
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start kagictl.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
