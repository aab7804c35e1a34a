using System.Collections.Concurrent;
using System.Diagnostics;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// One of Kagi's real processes (Silo or Frontend), run from its own build output with the
/// environment a deployment would give it. Output is kept for failure messages.
/// </summary>
public sealed class BuiltProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly string _transcriptPath = Path.Combine(Path.GetTempPath(), $"kagi-e2e-output-{Guid.NewGuid():N}.log");
    private readonly StreamWriter _transcript;
    private readonly Lock _transcriptGate = new();
    private bool _transcriptClosed;
    private long _failureCount;

    private BuiltProcess(Process process)
    {
        _process = process;
        _transcript = new StreamWriter(_transcriptPath) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Everything the process wrote to stdout and stderr since it started (kept in a file, not in memory), for scans of the whole output.</summary>
    public string WholeOutput
    {
        get
        {
            lock (_transcriptGate)
            {
                _transcript.Flush();
            }

            using var reader = new StreamReader(new FileStream(_transcriptPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd();
        }
    }

    /// <summary>How many lines so far were logged at error level or worse, or told of an unhandled exception.</summary>
    public long FailureCount => Interlocked.Read(ref _failureCount);

    /// <summary>The last few of those lines.</summary>
    public string RecentFailures => string.Join(Environment.NewLine, _failures);

    /// <summary>Starts <c>dotnet Kagi.{project}.dll</c> from the project's build output.</summary>
    public static BuiltProcess Start(string project, IReadOnlyDictionary<string, string> environment)
    {
        var dll = RepositoryLayout.BuiltAssembly(project);
        return Launch(new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = Path.GetDirectoryName(dll)! }, environment);
    }

    /// <summary>Starts one of the repository's scripts (e.g. <c>run.sh</c>) with bash, as a developer would.</summary>
    public static BuiltProcess StartScript(string script, IReadOnlyDictionary<string, string> environment) =>
        Launch(new ProcessStartInfo("bash", [Path.Combine(RepositoryLayout.Root, script)]) { WorkingDirectory = RepositoryLayout.Root }, environment);

    private static BuiltProcess Launch(ProcessStartInfo start, IReadOnlyDictionary<string, string> environment)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new BuiltProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName} {string.Join(' ', start.ArgumentList)}."));
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process with SIGKILL, as a crash or an OOM killer would, and waits for it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Stops the process the way an operator or orchestrator would: SIGTERM, then wait.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        await TerminateAsync();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Sends SIGTERM and returns at once; <see cref="WaitForExitAsync"/> tells how the process took it.</summary>
    public async Task TerminateAsync()
    {
        using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await term!.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        lock (_transcriptGate)
        {
            _transcriptClosed = true;
            _transcript.Dispose();
        }

        File.Delete(_transcriptPath);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_transcriptGate)
        {
            if (!_transcriptClosed)
            {
                _transcript.WriteLine(line);
            }
        }

        _output.Enqueue(line);
        while (_output.Count > 300 && _output.TryDequeue(out _))
        {
        }

        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)
            || line.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _failureCount);
            _failures.Enqueue(line);
            while (_failures.Count > 20 && _failures.TryDequeue(out _))
            {
            }
        }
    }
}
