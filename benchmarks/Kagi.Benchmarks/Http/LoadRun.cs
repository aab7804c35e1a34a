using System.Diagnostics;

namespace Kagi.Benchmarks.Http;

/// <summary>What one closed-loop run measured: completed operations a second, latency percentiles, failures.</summary>
internal sealed record LoadResult(double PerSecond, double P50Milliseconds, double P99Milliseconds, long Completed, long Failed)
{
    public override string ToString() => $"{PerSecond:F1}/s p50 {P50Milliseconds:F2} ms p99 {P99Milliseconds:F2} ms ({Completed} done, {Failed} failed)";
}

/// <summary>
/// The load generator (wrk is not on the machine): <c>concurrency</c> workers each send the next operation as soon as
/// the last one is answered, for a warm-up that is not counted and then for the measured time. The rate is what was answered
/// in the measured time a second; the latencies are those of the same operations.
/// </summary>
internal static class LoadRun
{
    /// <summary>Runs <paramref name="operation"/> (worker index → succeeded) closed-loop.</summary>
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmUp, TimeSpan measured, Func<int, Task<bool>> operation)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var measureUntil = measureFrom + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>[concurrency];
        var failed = new long[concurrency];
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var own = latencies[worker] = new List<double>(4096);
            while (true)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= measureUntil)
                {
                    return;
                }

                bool ok;
                try
                {
                    ok = await operation(worker);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException or System.Data.Common.DbException or Azure.RequestFailedException)
                {
                    ok = false;
                }

                var answered = Stopwatch.GetTimestamp();
                // Counted when answered inside the measured time, wherever it was sent: counting only what was also sent
                // inside it left out every operation slower than the window (P5 at 500 requesters read 0 a second while
                // its grains took ~28 pairs a second), and undercounted anything slower than a fraction of it.
                if (answered >= measureFrom && answered <= measureUntil)
                {
                    if (ok)
                    {
                        own.Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
                    }
                    else
                    {
                        failed[worker]++;
                    }
                }
            }
        })).ToList();
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(list => list).Order().ToArray();
        return new LoadResult(all.Length / measured.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), all.Length, failed.Sum());
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
