using System.Globalization;
using System.Text;

namespace Kagi.Benchmarks.Http;

/// <summary>
/// Issue 15's P5 on its own (benchmarks/requests.sh): requesters of one tenant submitting access requests while
/// approvers approve them, against one durable write per operation to the same Azurite in the same run, alternated in
/// rounds; and, around each Kagi run, the silo's Prometheus scrape, from which the calls each grain type received per
/// second and its activations give the call rate per grain (no hot grain: no type whose few activations take most calls).
/// Usage: Kagi.Benchmarks requests &lt;Kagi URL&gt; &lt;operator token&gt; &lt;silo operator URL&gt; &lt;PostgreSQL admin connection&gt;
/// &lt;storage connection&gt; &lt;results file&gt; [seconds measured per run] [requesters] [rounds]
/// </summary>
internal static class RequestsBenchmark
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var kagiUrl = new Uri(args[0]);
        var operatorToken = args[1];
        var siloOperator = new Uri(args[2]);
        var adminConnection = args[3];
        var storageConnection = args[4];
        var resultsFile = args[5];
        var measured = TimeSpan.FromSeconds(args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 20);
        var requesters = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : BenchTenant.Requesters;
        var rounds = args.Length > 8 ? int.Parse(args[8], CultureInfo.InvariantCulture) : 3;
        var loadBefore = HttpBenchmark.LoadAverage();

        using var setupHttp = KagiApiClient.CreateHttpClient(kagiUrl, 32);
        var api = new KagiApiClient(setupHttp, operatorToken);
        Console.WriteLine($"setting up the tenant ({requesters} requesters, {BenchTenant.Approvers} approvers, accounts)…");
        // KAGI_BENCH_EXTRA_USERS: users who only make the tenant's directory larger (default none).
        var bystanders = int.TryParse(Environment.GetEnvironmentVariable("KAGI_BENCH_EXTRA_USERS"), CultureInfo.InvariantCulture, out var extra) ? Math.Max(0, extra) : 0;
        var tenant = await BenchTenant.CreateAsync(api, adminConnection, requesters, bystanders);
        using var requests = KagiApiClient.CreateHttpClient(kagiUrl, requesters);
        var metrics = new SiloMetrics(siloOperator, operatorToken);
        var results = new List<RoundResult>();

        for (var round = 1; round <= rounds; round++)
        {
            var load = HttpBenchmark.LoadAverage();
            var before = await metrics.ScrapeAsync();
            var started = DateTimeOffset.UtcNow;
            // A profiler started by hand waits for this line: from here on, only the measured load runs.
            Console.WriteLine($"round {round}: P5 Kagi running ({HttpBenchmark.RequestsWarmUp.TotalSeconds:F0} s warm-up, {measured.TotalSeconds:F0} s measured)…");
            var kagi = await LoadRun.RunAsync(requesters, HttpBenchmark.RequestsWarmUp, measured, worker => HttpBenchmark.SubmitAndApproveAsync(requests, tenant, worker));
            var after = await metrics.ScrapeAsync();
            var calls = GrainCallRate.Between(before, after, DateTimeOffset.UtcNow - started);
            Console.WriteLine($"round {round}: P5 Kagi submit + approve: {kagi}");
            var baseline = await Baselines.DurableWritesAsync(storageConnection, requesters, WarmUp, measured);
            Console.WriteLine($"round {round}: P5 one durable Azurite write: {baseline}");
            results.Add(new RoundResult(round, load, kagi, baseline, calls));
        }

        var report = Report(results, measured, requesters, bystanders, loadBefore, HttpBenchmark.LoadAverage(), tenant.Id);
        Console.Write(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsFile))!);
        await File.WriteAllTextAsync(resultsFile, report);
        return 0;
    }

    private sealed record RoundResult(int Number, string LoadAtStart, LoadResult Kagi, LoadResult Baseline, IReadOnlyList<GrainCallRate> Calls);

    private static string Report(List<RoundResult> rounds, TimeSpan measured, int requesters, int bystanders, string loadBefore, string loadAfter, string tenant)
    {
        var inv = CultureInfo.InvariantCulture;
        double Median(Func<RoundResult, double> value) => rounds.Select(value).Order().ElementAt(rounds.Count / 2);
        var pairs = Median(r => r.Kagi.PerSecond);
        var writes = Median(r => r.Baseline.PerSecond);
        // A pair is two operations (a submit and an approval); the baseline does one durable write per operation.
        var ratio = 2 * pairs / writes;
        var text = new StringBuilder();
        text.AppendLine(inv, $"# Kagi P5 benchmark: submissions and approvals, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(inv, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. Load average (1, 5, 15 min) {loadBefore} before the run, {loadAfter} after (Kagi, Azurite and the load generator alone keep it near 2-3; much more means other work shared the machine and the rates are not the issue's figures).");
        text.AppendLine(inv, $"Kagi: one silo and one Frontend (`run.sh`: Azurite, localhost clustering), a PostgreSQL target; tenant `{tenant}`. {requesters} requesters (one closed-loop worker each, `Kagi.Benchmarks requests`) each submit a request for one of {BenchTenant.Accounts} accounts and have it approved by one of {BenchTenant.Approvers} approvers; the tenant has {BenchTenant.SignInUsers + BenchTenant.Approvers + requesters + bystanders + 1} users ({bystanders} of them only there to make its directory larger, `KAGI_BENCH_EXTRA_USERS`); {rounds.Count} rounds alternating Kagi and its baseline, each run {WarmUp.TotalSeconds:F0} s warm-up (Kagi's: {HttpBenchmark.RequestsWarmUp.TotalSeconds:F0} s) and {measured.TotalSeconds:F0} s measured, counting what was answered in the measured time; medians of the rounds.");
        text.AppendLine();
        text.AppendLine("| what | Kagi | baseline in the same run | ratio |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(inv, $"| P5 submit + approve, {requesters} requesters at once | {pairs:F1} pairs/s = {2 * pairs:F1} operations/s, p50 {Median(r => r.Kagi.P50Milliseconds):F0} ms, p99 {Median(r => r.Kagi.P99Milliseconds):F0} ms a pair | one durable write per operation (Azurite single-entity insert), {requesters} writers: {writes:F1} /s | {ratio.ToString("P0", inv)} (goal ≥ 50 %: {(ratio >= 0.5 ? "met" : "not met")}) |");
        text.AppendLine();
        text.AppendLine("## Calls per grain (from the silo's Prometheus scrape, around the last Kagi run)");
        text.AppendLine();
        text.AppendLine("`kagi_grain_calls_total{grain_type}` (every call a grain received on the silo, counted by the silo's grain call filter), `kagi_grain_busy_seconds_total{grain_type}` (the time those calls spent inside their grains, timed by the same filter) and Orleans' own `orleans_grains{grain_type}` (activations at the end of the run). Calls a second per activation is the mean load of one grain of the type; busy seconds a second per activation near 1 (or above, for a grain whose calls interleave) means calls queue behind that grain: a hot grain shows as a type with few activations, a high call rate and a busy share near 1. The run includes its warm-up and tail, so rates are over the whole run's time.");
        text.AppendLine();
        text.AppendLine("| grain type | calls/s | activations | calls/s per activation | busy s/s per activation |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var call in rounds[^1].Calls.Take(15))
        {
            text.AppendLine(inv, $"| `{call.GrainType}` | {call.PerSecond:F1} | {(call.Activations is { } a ? a.ToString(inv) : "?")} | {(call.PerActivation is { } p ? p.ToString("F2", inv) : "?")} | {(call.BusyPerActivation is { } b ? b.ToString("F2", inv) : "?")} |");
        }

        text.AppendLine();
        text.AppendLine("## Every round");
        text.AppendLine();
        foreach (var round in rounds)
        {
            text.AppendLine(inv, $"Round {round.Number} (load average at its start {round.LoadAtStart}):");
            text.AppendLine();
            text.AppendLine(inv, $"- P5 Kagi: {round.Kagi}");
            text.AppendLine(inv, $"- P5 baseline: {round.Baseline}");
            text.AppendLine(inv, $"- busiest grain types: {string.Join(", ", round.Calls.Take(5).Select(c => string.Create(inv, $"{c.GrainType} {c.PerSecond:F1}/s over {c.Activations?.ToString(inv) ?? "?"} (busy {c.BusyPerActivation?.ToString("F2", inv) ?? "?"} s/s each)")))}");
            text.AppendLine();
        }

        return text.ToString();
    }
}
