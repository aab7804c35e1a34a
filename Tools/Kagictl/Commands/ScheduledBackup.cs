using Kagi.Kagictl.Archive;

namespace Kagi.Kagictl.Commands;

/// <summary>
/// <c>backup --every … --keep … --out-dir …</c>: one archive per interval, started on the interval's ticks
/// from the first run (a slow backup delays the next one, never overlaps it), the oldest beyond
/// <c>keep</c> deleted after each success. A failed run is told on stderr and tried again at the next tick;
/// the service keeps running, so a supervisor should watch for those lines (or for a stale newest archive).
/// </summary>
public sealed class ScheduledBackup(BackupWriter writer, OperatorKey key, string directory, string? tenant, int keep, TimeSpan every, Progress progress, TimeProvider time)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var next = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var path = Path.Combine(directory, Retention.FileName(next, tenant));
            try
            {
                var counts = await writer.WriteAsync(path, key, cancellationToken);
                progress.Line($"scheduled backup wrote {path}: {counts.Values.Sum():N0} rows");
                foreach (var old in Retention.ToDelete(Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>(), tenant, keep))
                {
                    File.Delete(Path.Combine(directory, old));
                    progress.Line($"scheduled backup deleted {old} (keeping the newest {keep})");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                progress.Line($"scheduled backup FAILED at {next:u}: {e.Message}");
            }

            var now = time.GetUtcNow();
            while (next <= now)
            {
                next += every;
            }

            try
            {
                await Task.Delay(next - now, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
