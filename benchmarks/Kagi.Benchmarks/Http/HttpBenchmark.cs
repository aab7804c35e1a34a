using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Kagi.Benchmarks.Http;

/// <summary>
/// Issue 15's HTTP benchmark: Kagi (the running silo and Frontend) beside the bare baselines in the same run, alternated
/// in rounds (the median of three), written as a Markdown results file.
/// Usage: Kagi.Benchmarks http &lt;Kagi URL&gt; &lt;operator token&gt; &lt;baseline web URL&gt; &lt;PostgreSQL admin connection&gt;
/// &lt;storage connection&gt; &lt;results file&gt; [seconds measured per run]
/// </summary>
internal static class HttpBenchmark
{
    private const int Rounds = 3;
    private const int ReadConnections = 64;
    private const int RotationsInFlight = 8;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>P5's 500 requesters all start at once and a pair then takes seconds: its warm-up lets that first wave pass.</summary>
    internal static readonly TimeSpan RequestsWarmUp = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(string[] args)
    {
        var kagiUrl = new Uri(args[0]);
        var baselineUrl = new Uri(args[2]);
        var adminConnection = args[3];
        var storageConnection = args[4];
        var resultsFile = args[5];
        var measured = TimeSpan.FromSeconds(args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 10);
        var loadBefore = LoadAverage();

        using var setupHttp = KagiApiClient.CreateHttpClient(kagiUrl, 32);
        var api = new KagiApiClient(setupHttp, args[1]);
        Console.WriteLine("setting up the tenant (users, target, accounts)…");
        var tenant = await BenchTenant.CreateAsync(api, adminConnection);
        var account = tenant.AccountIds[0];

        using var kagiReads = KagiApiClient.CreateHttpClient(kagiUrl, ReadConnections);
        kagiReads.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AdminToken);
        using var baselineReads = KagiApiClient.CreateHttpClient(baselineUrl, ReadConnections);
        using var signIns = KagiApiClient.CreateHttpClient(kagiUrl, BenchTenant.SignInUsers);
        using var rotations = KagiApiClient.CreateHttpClient(kagiUrl, RotationsInFlight);
        rotations.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AdminToken);
        using var requests = KagiApiClient.CreateHttpClient(kagiUrl, BenchTenant.Requesters);
        var rounds = new List<Round>();

        for (var round = 1; round <= Rounds; round++)
        {
            var r = new Round(round, LoadAverage());
            if (Selected("P1"))
            {
                r.Results["P1 Kagi"] = await Measure($"round {round}: P1 Kagi GET /accounts/{{id}}", () => LoadRun.RunAsync(ReadConnections, WarmUp, measured, _ =>
                    OkAsync(kagiReads.GetAsync($"/api/t/{tenant.Id}/accounts/{account}"))));
                r.Results["P1 baseline"] = await Measure($"round {round}: P1 ASP.NET + one grain call", () => LoadRun.RunAsync(ReadConnections, WarmUp, measured, _ =>
                    OkAsync(baselineReads.GetAsync($"/t/{tenant.Id}/accounts/{account}"))));
            }

            if (Selected("P2"))
            {
                r.Results["P2 Kagi"] = await Measure($"round {round}: P2 Kagi POST /auth/login", () => LoadRun.RunAsync(BenchTenant.SignInUsers, WarmUp, measured, worker =>
                    OkAsync(signIns.PostAsJsonAsync($"/api/t/{tenant.Id}/auth/login", new { username = BenchTenant.SignInUser(worker), password = BenchTenant.UserPassword }))));
                r.Results["P2 baseline"] = await Measure($"round {round}: P2 libsodium Argon2id", () => Baselines.Argon2idAsync(WarmUp, measured));
            }

            if (Selected("P3"))
            {
                var turns = new int[RotationsInFlight];
                r.Results["P3 Kagi"] = await Measure($"round {round}: P3 Kagi POST /accounts/{{id}}/rotate", () => LoadRun.RunAsync(RotationsInFlight, WarmUp, measured, worker =>
                    RotatedAsync(rotations, tenant, OwnAccount(tenant, worker, turns[worker]++))));
                r.Results["P3 baseline"] = await Measure($"round {round}: P3 ALTER ROLE + fresh SCRAM login", () => Baselines.AlterRoleAndLoginAsync(adminConnection, RotationsInFlight, WarmUp, measured));
            }

            rounds.Add(r);
        }

        // P5's rounds come after all the others. Its 500 requesters' writes (and its baseline's) grow the table
        // store, and Azurite then answers every later run more slowly (its durable-write baseline fell from 1,676 to
        // 570 writes/s between rounds 1 and 2 of http-20261207T103404Z.md). P1-P3's baselines touch no table, so
        // interleaved they compared Kagi on a grown store with baselines that never saw it.
        for (var round = 1; round <= Rounds && Selected("P5"); round++)
        {
            var r = rounds[round - 1];
            r.P5LoadAtStart = LoadAverage();
            r.Results["P5 Kagi"] = await Measure($"round {round}: P5 Kagi submit + approve", () => LoadRun.RunAsync(BenchTenant.Requesters, RequestsWarmUp, measured, worker =>
                SubmitAndApproveAsync(requests, tenant, worker)));
            r.Results["P5 baseline"] = await Measure($"round {round}: P5 one durable Azurite write", () => Baselines.DurableWritesAsync(storageConnection, BenchTenant.Requesters, WarmUp, measured));
        }

        var report = Report.Write(rounds, measured, loadBefore, LoadAverage(), tenant.Id);
        Console.Write(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsFile))!);
        await File.WriteAllTextAsync(resultsFile, report);
        return 0;
    }

    /// <summary>
    /// KAGI_BENCH_ONLY (e.g. "P1,P2") measures only those, for profiling one of them; unset, all are measured. The
    /// results file then has rows for those alone.
    /// </summary>
    private static bool Selected(string what) =>
        Environment.GetEnvironmentVariable("KAGI_BENCH_ONLY") is not { Length: > 0 } only
        || only.Split(',', StringSplitOptions.TrimEntries).Contains(what, StringComparer.OrdinalIgnoreCase);

    /// <summary>The longest wait for a quiet machine before a run, and the run it preceded.</summary>
    private static (TimeSpan Wait, string Before) longestSettle;

    private static async Task<LoadResult> Measure(string what, Func<Task<LoadResult>> run)
    {
        var waited = await QuietMachine.WaitAsync();
        if (waited > longestSettle.Wait)
        {
            longestSettle = (waited, what);
        }

        // Said before the load starts too, so a profiler can be attached to the run it is about.
        Console.WriteLine($"{what} running…");
        var result = await run();
        Console.WriteLine($"{what}: {result} (after {waited.TotalSeconds:F0} s waiting for a quiet machine)");
        return result;
    }

    /// <summary>Each rotating worker keeps to accounts of its own, so no two rotations of one account overlap.</summary>
    private static string OwnAccount(BenchTenant tenant, int worker, int turn)
    {
        var own = (tenant.AccountIds.Length - worker + RotationsInFlight - 1) / RotationsInFlight;
        return tenant.AccountIds[worker + RotationsInFlight * (turn % own)];
    }

    private static async Task<bool> OkAsync(Task<HttpResponseMessage> call)
    {
        using var answer = await call;
        await answer.Content.LoadIntoBufferAsync();
        return answer.IsSuccessStatusCode;
    }

    private static async Task<bool> RotatedAsync(HttpClient http, BenchTenant tenant, string account)
    {
        using var answer = await http.PostAsync($"/api/t/{tenant.Id}/accounts/{account}/rotate", null);
        var body = await answer.Content.ReadAsStringAsync();
        return answer.IsSuccessStatusCode && JsonDocument.Parse(body).RootElement.GetProperty("status").GetString() == "completed";
    }

    internal static async Task<bool> SubmitAndApproveAsync(HttpClient http, BenchTenant tenant, int worker)
    {
        var from = DateTimeOffset.UtcNow.AddMinutes(5);
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/t/{tenant.Id}/requests")
        {
            Content = JsonContent.Create(new { accountId = tenant.AccountIds[worker % tenant.AccountIds.Length], from, until = from.AddHours(1), reason = "benchmark" }),
        };
        submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.RequesterTokens[worker]);
        using var submitted = await http.SendAsync(submit);
        var body = await submitted.Content.ReadAsStringAsync();
        if (!submitted.IsSuccessStatusCode)
        {
            return false;
        }

        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        using var approve = new HttpRequestMessage(HttpMethod.Post, $"/api/t/{tenant.Id}/requests/{id}/approve")
        {
            Content = JsonContent.Create(new { comment = "benchmark" }),
        };
        approve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApproverTokens[worker % tenant.ApproverTokens.Length]);
        using var approved = await http.SendAsync(approve);
        await approved.Content.LoadIntoBufferAsync();
        return approved.IsSuccessStatusCode;
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    internal sealed record Round(int Number, string LoadAtStart)
    {
        public Dictionary<string, LoadResult> Results { get; } = new(StringComparer.Ordinal);

        /// <summary>The load average when this round's P5 began (P5's rounds run after all the others).</summary>
        public string? P5LoadAtStart { get; set; }
    }

    /// <summary>The results file: medians, ratios against the issue's goals, then every round.</summary>
    private static class Report
    {
        public static string Write(List<Round> rounds, TimeSpan measured, string loadBefore, string loadAfter, string tenant)
        {
            double Median(string key, Func<LoadResult, double> value) =>
                rounds.Select(r => value(r.Results[key])).Order().ElementAt(rounds.Count / 2);
            double Rate(string key) => Median(key, r => r.PerSecond);
            string Ratio(string what, double goal)
            {
                var ratio = Rate($"{what} Kagi") / Rate($"{what} baseline");
                return string.Create(CultureInfo.InvariantCulture, $"{ratio:P0} (goal ≥ {goal:P0}: {(ratio >= goal ? "met" : "not met")})");
            }

            bool Measured(string what) => rounds.All(r => r.Results.ContainsKey($"{what} Kagi"));
            var text = new StringBuilder();
            var inv = CultureInfo.InvariantCulture;
            text.AppendLine(inv, $"# Kagi HTTP benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
            text.AppendLine();
            text.AppendLine(inv, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. Load average (1, 5, 15 min) {loadBefore} before the run, {loadAfter} after (Kagi, Azurite, PostgreSQL and the load generator alone keep it near 2-4; much more means other work shared the machine and the absolute rates are low and noisy). The ratios compare runs taken moments apart on the same load.");
            text.AppendLine(inv, $"Kagi: one silo and one Frontend (`run.sh`: Azurite, localhost clustering), a PostgreSQL target; tenant `{tenant}`. Load from .NET closed-loop workers in one process (`Kagi.Benchmarks http`), {Rounds} rounds alternating Kagi and its baseline (P5's three rounds after all the others: the table store its writes grow answers every later run more slowly, and P1-P3's baselines never touch it), each run {WarmUp.TotalSeconds:F0} s warm-up (Kagi's P5: {RequestsWarmUp.TotalSeconds:F0} s) and {measured.TotalSeconds:F0} s measured, counting what was answered in the measured time; medians of the rounds.");
            text.AppendLine(inv, $"Before every run, Kagi's and the baselines' alike, the benchmark waited until the CPUs were at least 80 % idle for 2 s (at most 120 s), so that no run pays for work the previous one left behind; the longest wait was {longestSettle.Wait.TotalSeconds:F0} s, before \"{longestSettle.Before}\".");
            text.AppendLine();
            text.AppendLine("| what | Kagi | baseline in the same run | ratio |");
            text.AppendLine("|---|---|---|---|");
            if (Measured("P1"))
            {
                var p50 = Median("P1 Kagi", r => r.P50Milliseconds);
                var p99 = Median("P1 Kagi", r => r.P99Milliseconds);
                text.AppendLine(inv, $"| P1 `GET /accounts/{{id}}` with a bearer token, {ReadConnections} connections | {Rate("P1 Kagi"):F0} req/s, p50 {p50:F1} ms, p99 {p99:F1} ms (p99 {(p99 <= 5 * p50 ? "≤" : ">")} 5 × p50) | ASP.NET + one grain call (the same `GetAsync`, same silo): {Rate("P1 baseline"):F0} req/s, p50 {Median("P1 baseline", r => r.P50Milliseconds):F1} ms, p99 {Median("P1 baseline", r => r.P99Milliseconds):F1} ms | {Ratio("P1", 0.5)} |");
            }

            if (Measured("P2"))
            {
                text.AppendLine(inv, $"| P2 `POST /auth/login`, {BenchTenant.SignInUsers} users at once | {Rate("P2 Kagi"):F1} /s | libsodium Argon2id m=19 MiB t=2, {Environment.ProcessorCount} threads: {Rate("P2 baseline"):F1} /s | {Ratio("P2", 0.8)} |");
            }

            if (Measured("P3"))
            {
                text.AppendLine(inv, $"| P3 `POST /accounts/{{id}}/rotate`, {BenchTenant.Accounts} accounts, {RotationsInFlight} in flight, target pacing lifted (60,000 a minute) | {Rate("P3 Kagi"):F1} /s | `ALTER ROLE` + fresh SCRAM login pairs, {RotationsInFlight} at once: {Rate("P3 baseline"):F1} /s | {Ratio("P3", 0.7)} |");
            }

            if (Measured("P5"))
            {
                text.AppendLine(inv, $"| P5 submit + approve, {BenchTenant.Requesters} requesters at once, {BenchTenant.Approvers} approvers | {Rate("P5 Kagi"):F1} pairs/s | one durable write (Azurite single insert), {BenchTenant.Requesters} writers: {Rate("P5 baseline"):F1} /s | {Ratio("P5", 0.5)} |");
            }

            text.AppendLine();
            text.AppendLine("Not measured here: P5's per-grain call rate (Orleans' metrics), P3's 10,000 accounts due in one minute, P4.");
            text.AppendLine();
            text.AppendLine("## Every round");
            text.AppendLine();
            foreach (var round in rounds)
            {
                text.AppendLine(inv, $"Round {round.Number} (load average at its start {round.LoadAtStart}{(round.P5LoadAtStart is { } p5 ? $"; at its P5's start {p5}" : "")}):");
                text.AppendLine();
                foreach (var (name, result) in round.Results)
                {
                    text.AppendLine(inv, $"- {name}: {result}");
                }

                text.AppendLine();
            }

            return text.ToString();
        }
    }
}
