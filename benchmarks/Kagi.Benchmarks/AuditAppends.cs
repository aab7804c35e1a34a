using System.Diagnostics;
using Kagi.Audit;

namespace Kagi.Benchmarks;

/// <summary>Many callers appending to one tenant's log at once, as concurrent check-outs would.</summary>
public static class AuditAppends
{
    public static async Task<double> RunAsync(IAuditLogGrain log, int count, int inFlight)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var slots = new SemaphoreSlim(inFlight);
        var tasks = new List<Task>(count);
        var watch = Stopwatch.StartNew();
        for (var i = 1; i <= count; i++)
        {
            await slots.WaitAsync();
            tasks.Add(AppendOneAsync(log, i, slots));
        }

        await Task.WhenAll(tasks);
        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task AppendOneAsync(IAuditLogGrain log, int i, SemaphoreSlim slots)
    {
        try
        {
            var stored = await log.AppendAsync(new AuditEvent(DateTimeOffset.UtcNow, "alice", "account.checkout", "db-prod", AuditResults.Success, "10.0.0.7", $"request r-{i}")
            {
                AccountId = "db-prod",
                RequestId = "r-" + i,
            });
            if (stored is null)
            {
                throw new InvalidOperationException("The benchmark tenant does not exist.");
            }
        }
        finally
        {
            slots.Release();
        }
    }
}
