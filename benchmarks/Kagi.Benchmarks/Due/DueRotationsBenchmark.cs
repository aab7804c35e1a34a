using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kagi.Benchmarks.Http;
using Npgsql;

namespace Kagi.Benchmarks.Due;

/// <summary>
/// Issue 15's P3, second half (benchmarks/due-rotations.sh): every account of a tenant given the same daily cron
/// minute, then watched until each has rotated once on schedule, paced by its target; at the end each stored password
/// is checked out and logs in to PostgreSQL, and the raw <c>ALTER ROLE</c> + fresh login pairs run at the same pacing.
/// Usage: Kagi.Benchmarks due-rotations &lt;Kagi URL&gt; &lt;operator token&gt; &lt;PostgreSQL admin connection&gt;
/// &lt;storage connection&gt; &lt;results file&gt; [accounts] [per minute] [burst]
/// </summary>
internal static class DueRotationsBenchmark
{
    private const int Parallel = 16;

    public static async Task<int> RunAsync(string[] args)
    {
        var kagiUrl = new Uri(args[0]);
        var adminConnection = args[2];
        var storageConnection = args[3];
        var resultsFile = args[4];
        var accounts = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 10_000;
        var perMinute = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 300;
        var burst = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 5;
        var run = new DueRun(accounts, perMinute, burst, HttpBenchmark.LoadAverage());

        using var http = KagiApiClient.CreateHttpClient(kagiUrl, 32);
        var api = new KagiApiClient(http, args[1]);
        var setup = Stopwatch.StartNew();
        Console.WriteLine($"setting up {accounts} accounts (roles by SQL, CSV import jobs)…");
        var tenant = await DueTenant.CreateAsync(api, adminConnection, accounts);
        run.SetupTime = setup.Elapsed;
        var t = $"/api/t/{tenant.Id}";
        await api.ExpectAsync(HttpMethod.Put, $"{t}/targets/{DueTenant.TargetId}", new { rateLimit = new { perMinute, burst } }, tenant.AdminToken, HttpStatusCode.OK);

        // A daily cron minute far enough off for every policy to be stored first; an account whose policy lands later
        // is already due (its last rotation, its creation, is before the minute), so every account is due at that minute.
        var now = DateTimeOffset.UtcNow;
        run.DueMinute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(3);
        var cron = $"{run.DueMinute.Minute} {run.DueMinute.Hour} * * *";
        var policies = Stopwatch.StartNew();
        await ForEachAsync(tenant.AccountIds, id =>
            api.ExpectAsync(HttpMethod.Put, $"{t}/accounts/{id}/policy", new { rotation = new { cron } }, tenant.AdminToken, HttpStatusCode.OK));
        run.PolicyTime = policies.Elapsed;
        Console.WriteLine($"policies stored in {run.PolicyTime.TotalSeconds:F0} s; all due at {run.DueMinute:HH:mm} UTC (cron '{cron}')");
        run.Reminders = await ReminderTable.DueTimesAsync(storageConnection, run.DueMinute);

        // Watch until every account has its scheduled rotation, or until far past what the pacing needs.
        var needed = TimeSpan.FromMinutes(Math.Max(10, (double)accounts / perMinute));
        var giveUp = run.DueMinute + needed * 2 + TimeSpan.FromMinutes(5);
        var remaining = new ConcurrentDictionary<string, bool>(tenant.AccountIds.Select(id => KeyValuePair.Create(id, true)));
        while (!remaining.IsEmpty && DateTimeOffset.UtcNow < giveUp)
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
            if (DateTimeOffset.UtcNow < run.DueMinute)
            {
                continue;
            }

            await ForEachAsync(remaining.Keys.ToArray(), async id =>
            {
                if ((await HistoryAsync(api, t, tenant.AdminToken, id)).Any(e => e is { Trigger: "schedule", Outcome: "completed" }))
                {
                    remaining.TryRemove(id, out _);
                }
            });
            Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss}: {accounts - remaining.Count}/{accounts} rotated on schedule");
        }

        // Every account's history: exactly one scheduled rotation, and nothing lost.
        await ForEachAsync(tenant.AccountIds, async id => run.Histories[id] = await HistoryAsync(api, t, tenant.AdminToken, id));
        run.LoadAfterRotations = HttpBenchmark.LoadAverage();

        Console.WriteLine("checking every stored password out and logging in to PostgreSQL with it…");
        var checks = Stopwatch.StartNew();
        await ForEachAsync(Enumerable.Range(0, accounts).ToArray(), async i =>
        {
            if (await StoredPasswordLogsInAsync(http, tenant, i, adminConnection))
            {
                run.CountLogin();
            }
        });
        run.CheckTime = checks.Elapsed;

        Console.WriteLine("baseline: ALTER ROLE + fresh SCRAM login pairs at the same pacing…");
        run.Baseline = await PacedBaseline.RunAsync(adminConnection, Math.Min(accounts, perMinute), perMinute, burst);
        run.LoadAfter = HttpBenchmark.LoadAverage();

        var report = DueReport.Write(run, tenant.Id);
        Console.Write(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsFile))!);
        await File.WriteAllTextAsync(resultsFile, report);
        return run.AllRotatedOnce && run.PasswordsLoggingIn == accounts ? 0 : 1;
    }

    private static async Task<HistoryEntry[]> HistoryAsync(KagiApiClient api, string tenantPath, string admin, string id)
    {
        var body = await api.ExpectAsync(HttpMethod.Get, $"{tenantPath}/accounts/{id}/rotations", null, admin, HttpStatusCode.OK);
        return body.GetProperty("rotations").EnumerateArray()
            .Select(e => new HistoryEntry(e.GetProperty("at").GetDateTimeOffset(), e.GetProperty("trigger").GetString() ?? "", e.GetProperty("outcome").GetString() ?? ""))
            .ToArray();
    }

    /// <summary>The reveal path a person uses: a request, its approval, a check-out; then a fresh login with that password.</summary>
    private static async Task<bool> StoredPasswordLogsInAsync(HttpClient http, DueTenant tenant, int i, string adminConnection)
    {
        var t = $"/api/t/{tenant.Id}";
        var from = DateTimeOffset.UtcNow;
        var submitted = await SendAsync(http, HttpMethod.Post, $"{t}/requests", new { accountId = tenant.AccountIds[i], from, until = from.AddHours(1), reason = "due-rotations benchmark" }, tenant.RequesterToken);
        if (submitted is null)
        {
            return false;
        }

        var request = submitted.Value.GetProperty("id").GetString();
        if (submitted.Value.GetProperty("status").GetString() != "approved"
            && await SendAsync(http, HttpMethod.Post, $"{t}/requests/{request}/approve", new { comment = "benchmark" }, tenant.ApproverToken) is null)
        {
            return false;
        }

        if (await SendAsync(http, HttpMethod.Post, $"{t}/accounts/{tenant.AccountIds[i]}/checkout", new { requestId = request }, tenant.RequesterToken) is not { } grant)
        {
            return false;
        }

        var login = new NpgsqlConnectionStringBuilder(adminConnection) { Pooling = false, Username = tenant.Roles[i], Password = grant.GetProperty("password").GetString() };
        try
        {
            await using var connection = new NpgsqlConnection(login.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (PostgresException e)
        {
            Console.WriteLine($"  {tenant.AccountIds[i]}: the checked-out password does not log in ({e.SqlState})");
            return false;
        }
    }

    private static async Task<JsonElement?> SendAsync(HttpClient http, HttpMethod method, string path, object body, string token)
    {
        using var message = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await http.SendAsync(message);
        var text = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode)
        {
            Console.WriteLine($"  {method} {path}: {(int)answer.StatusCode} {text}");
            return null;
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action) =>
        System.Threading.Tasks.Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (item, _) => await action(item));
}

internal sealed record HistoryEntry(DateTimeOffset At, string Trigger, string Outcome);
