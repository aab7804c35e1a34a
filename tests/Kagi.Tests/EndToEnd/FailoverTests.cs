using Kagi.Tests.Infrastructure;
using System.Net;
using Xunit;
using Xunit.Abstractions;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Silos lost under load: real Silo and Frontend processes on PostgreSQL membership and Azurite, readers
/// and writers as in <see cref="FailoverLoad"/>. Nobody may notice: no read answered with an error or
/// not at all, no write that fails after the client's own retries, no acknowledged user missing after.
/// With <c>KAGI_FAILOVER_RESULTS</c> set (benchmarks/failover.sh), the figures are appended to that file.
/// </summary>
[CollectionCost(305)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_silo_killed_under_load_costs_no_request_and_no_acknowledged_write()
    {
        await using var cluster = await FailoverCluster.StartAsync(silos: 2);
        var tenant = await TenantScript.OpenAsync(cluster.Api);
        var load = FailoverLoad.Start(cluster.Api, tenant, readers: 6, writers: 2);
        await Task.Delay(WarmUp);

        var killedAt = load.Now;
        await cluster.KillSiloAsync(0);
        // Longer than Orleans' 30 s response timeout: a writer whose call was in flight on the killed silo
        // waits that out before its retry, and both writers can be caught so; the load must outlast them for
        // the test to see a write sent after the kill acknowledged.
        await Task.Delay(TimeSpan.FromSeconds(40));
        await load.StopAsync();

        await ReportAsync(load.Describe("SIGKILL of one of two silos (readers 6, writers 2)", killedAt));
        await AssertNoneNoticedAsync(cluster, tenant, load, killedAt);
    }

    [Fact]
    public async Task A_rolling_restart_under_load_costs_no_request_and_no_acknowledged_write()
    {
        await using var cluster = await FailoverCluster.StartAsync(silos: 2);
        var tenant = await TenantScript.OpenAsync(cluster.Api);
        var load = FailoverLoad.Start(cluster.Api, tenant, readers: 6, writers: 2);
        await Task.Delay(WarmUp);

        var began = load.Now;
        for (var silo = 0; silo < 2; silo++)
        {
            await cluster.StopSiloAsync(silo);
            await cluster.RestartSiloAsync(silo);
        }

        await Task.Delay(WarmUp);
        await load.StopAsync();

        await ReportAsync(load.Describe($"Rolling restart of two silos, SIGTERM then start, each in turn (took {(load.Now - began).TotalSeconds:0} s)", began));
        await AssertNoneNoticedAsync(cluster, tenant, load, began);
    }

    private async Task AssertNoneNoticedAsync(FailoverCluster cluster, TenantScript tenant, FailoverLoad load, TimeSpan disruption)
    {
        var reads = load.Samples.Where(s => !s.Write).ToList();
        Assert.Empty(reads.Where(s => s.Status is not (>= 200 and < 300)).Select(s => $"{s.Status} at {s.Sent}"));
        Assert.Empty(load.FailedWrites);
        Assert.Contains(reads, s => s.Sent > disruption);
        Assert.Contains(load.Samples, s => s.Write && s.Sent > disruption && s.Status is >= 200 and < 300);

        // Every acknowledged user exists: it signs in with the password it was created with.
        var missing = new List<string>();
        foreach (var chunk in load.Acknowledged.Chunk(4))
        {
            var answers = await Task.WhenAll(chunk.Select(async username =>
                (username, (await cluster.Api.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username, password = TenantScript.UserPassword }, null)).Status)));
            missing.AddRange(answers.Where(a => a.Status != HttpStatusCode.OK).Select(a => $"{a.username}: {a.Status}"));
        }

        Assert.Empty(missing);
    }

    private async Task ReportAsync(string figures)
    {
        output.WriteLine(figures);
        if (Environment.GetEnvironmentVariable("KAGI_FAILOVER_RESULTS") is { Length: > 0 } results)
        {
            await File.AppendAllTextAsync(results, figures + Environment.NewLine + Environment.NewLine);
        }
    }
}
