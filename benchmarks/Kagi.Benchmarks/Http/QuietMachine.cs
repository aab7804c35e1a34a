using System.Diagnostics;
using System.Globalization;

namespace Kagi.Benchmarks.Http;

/// <summary>
/// Waits before each measured run until the machine's CPUs are mostly idle, so that work one run might leave behind
/// (the outbox delivering P5's notices, grains being collected) is never charged to the next one, Kagi's or a
/// baseline's. A guard, not a known cause: in the run of 2026-12-06 21:31 no wait was longer than 7 s. Reads
/// /proc/stat; gives up after <see cref="Limit"/>.
/// </summary>
internal static class QuietMachine
{
    private const double IdleShare = 0.8;
    private static readonly TimeSpan Sample = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>How long it waited; <see cref="Limit"/> when the machine never went quiet.</summary>
    public static async Task<TimeSpan> WaitAsync()
    {
        var clock = Stopwatch.StartNew();
        var quietSamples = 0;
        var before = Read();
        while (clock.Elapsed < Limit && quietSamples < 2)
        {
            await Task.Delay(Sample);
            var after = Read();
            if (before is null || after is null)
            {
                return TimeSpan.Zero; // not Linux: nothing to wait on
            }

            var total = after.Value.Total - before.Value.Total;
            var idle = after.Value.Idle - before.Value.Idle;
            quietSamples = total > 0 && (double)idle / total >= IdleShare ? quietSamples + 1 : 0;
            before = after;
        }

        return clock.Elapsed;
    }

    private static (long Total, long Idle)? Read()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal …" in clock ticks since boot.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return (fields.Take(8).Sum(), fields[3] + fields[4]);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
