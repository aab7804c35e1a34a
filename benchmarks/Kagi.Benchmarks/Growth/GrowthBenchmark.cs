using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kagi.Benchmarks.Due;
using Kagi.Benchmarks.Http;
using Npgsql;

namespace Kagi.Benchmarks.Growth;

/// <summary>
/// Issue 15's P4, creation as the tenant grows (benchmarks/growth.sh): one tenant is grown by CSV import jobs of
/// real PostgreSQL roles, one file after another, and each file's job time is set beside the same file's logins made
/// raw (fresh SCRAM logins, as many at once as an import job verifies), measured right after it against the same
/// server; after each file, the first page of the account listing, plain and by target, is timed through HTTP.
/// Usage: Kagi.Benchmarks growth &lt;Kagi URL&gt; &lt;operator token&gt; &lt;PostgreSQL admin connection&gt;
/// &lt;results file&gt; [files] [rows a file]
/// </summary>
internal static class GrowthBenchmark
{
    private const string TargetId = DueTenant.TargetId;
    private const string AdminPassword = "Correct-Horse-42!";

    /// <summary>As many logins at once as an import job verifies (<c>ImportJobLimits.Default.Parallelism</c>).</summary>
    private const int LoginsAtOnce = 8;

    private const int RawLoginsSampled = 1_000;
    private const int ListingRepeats = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var kagiUrl = new Uri(args[0]);
        var adminConnection = args[2];
        var resultsFile = args[3];
        var files = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 6;
        var rowsPerFile = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 5_000;
        var loadBefore = HttpBenchmark.LoadAverage();
        var started = DateTimeOffset.UtcNow;

        using var http = KagiApiClient.CreateHttpClient(kagiUrl, 16);
        var api = new KagiApiClient(http, args[1]);
        var tenant = "grow-" + Guid.NewGuid().ToString("N")[..8];
        await api.CreateTenantAsync(tenant, "alice", AdminPassword);
        var admin = await api.LoginAsync(tenant, "alice", AdminPassword);
        var t = $"/api/t/{tenant}";
        await api.RegisterPostgresTargetAsync(t, TargetId, adminConnection, admin);

        var rows = new List<string>();
        for (var file = 0; file < files; file++)
        {
            var first = file * rowsPerFile;
            var ids = Enumerable.Range(first, rowsPerFile).Select(i => $"acct-{i:0000000}").ToArray();
            var roles = ids.Select(id => $"kg_{tenant[5..]}_{id[5..]}").ToArray();
            var passwords = ids.Select(_ => Baselines.NewPassword()).ToArray();
            var sql = Stopwatch.StartNew();
            await DueTenant.CreateRolesAsync(adminConnection, roles, passwords);
            sql.Stop();

            var job = await DueTenant.ImportAsync(http, t, admin, DueTenant.ImportCsv(ids, roles, passwords, 0, ids.Length));
            var jobTime = job.GetProperty("finishedAt").GetDateTimeOffset() - job.GetProperty("queuedAt").GetDateTimeOffset();
            // The same server, the same number of roles, right after the job: the logins alone, as the job makes them.
            var raw = await FreshLoginsAsync(adminConnection, roles.Take(RawLoginsSampled).ToArray(), passwords);
            var plain = await FirstPageAsync(http, admin, $"{t}/accounts?limit=100");
            var byTarget = await FirstPageAsync(http, admin, $"{t}/accounts?limit=100&target={TargetId}");
            var kagiRate = rowsPerFile / jobTime.TotalSeconds;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {file + 1} | {first:N0} | {sql.Elapsed.TotalSeconds:F0} s | {jobTime.TotalSeconds:F1} s | {kagiRate:F1} /s | {raw:F1} /s | {kagiRate / raw:P0} | {plain:F1} ms | {byTarget:F1} ms |");
            rows.Add(line);
            Console.WriteLine(line);
        }

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Growing one tenant by CSV import (issue 15, P4: creation as the tenant grows), {started:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. Load average (1, 5, 15 min) {loadBefore} before the run, {HttpBenchmark.LoadAverage()} after; the run took {(DateTimeOffset.UtcNow - started).TotalMinutes:F0} min.")
            .AppendLine(CultureInfo.InvariantCulture, $"Kagi: one silo and one Frontend (`run.sh`: Azurite, localhost clustering), a private PostgreSQL as the target (pacing lifted to 60,000 a minute); tenant `{tenant}`. {files} files of {rowsPerFile:N0} rows, each a real role made by SQL just before its file, imported one after another (`POST …/accounts/import`, the job's own `queuedAt` to `finishedAt`: each line's password sealed and stored, its login verified on PostgreSQL, the account registered and listed). Baseline: right after each job, {RawLoginsSampled:N0} of that file's roles log in raw (fresh SCRAM logins, no pooling, {LoginsAtOnce} at once, as a job verifies). Listing: the first page of 100 accounts through HTTP, plain and `target={TargetId}`, median of {ListingRepeats}.")
            .AppendLine()
            .AppendLine("| file | accounts before | roles by SQL | import job | Kagi accounts/s | raw logins/s | ratio | first page | first page by target |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        await File.WriteAllTextAsync(resultsFile, report.ToString());
        return 0;
    }

    /// <summary>Fresh logins (no pooling) of <paramref name="roles"/>, <see cref="LoginsAtOnce"/> at once; logins a second.</summary>
    private static async Task<double> FreshLoginsAsync(string adminConnection, string[] roles, string[] passwords)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnection) { Pooling = false };
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, roles.Length), new ParallelOptions { MaxDegreeOfParallelism = LoginsAtOnce }, async (i, cancel) =>
        {
            var login = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Username = roles[i], Password = passwords[i] };
            await using var connection = new NpgsqlConnection(login.ConnectionString);
            await connection.OpenAsync(cancel);
        });
        return roles.Length / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The median time of a listing page through HTTP, in milliseconds.</summary>
    private static async Task<double> FirstPageAsync(HttpClient http, string token, string path)
    {
        var times = new List<double>();
        for (var i = 0; i < ListingRepeats; i++)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, path);
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var watch = Stopwatch.StartNew();
            using var answer = await http.SendAsync(get);
            await answer.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (answer.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path}: {(int)answer.StatusCode}");
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
