using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kagi.Benchmarks.Http;
using Npgsql;

namespace Kagi.Benchmarks.Due;

/// <summary>
/// The tenant of the due-rotations benchmark, set up as an admin would: a PostgreSQL target, one real role per account
/// (made with SQL), the accounts brought in by CSV import jobs of at most 5,000 rows, a requester and an approver to
/// check passwords out at the end.
/// </summary>
internal sealed record DueTenant(string Id, string AdminToken, string RequesterToken, string ApproverToken, string[] AccountIds, string[] Roles)
{
    public const string TargetId = "pg";
    private const string AdminPassword = "Correct-Horse-42!";
    private const string UserPassword = "Users-Password-42!";
    private const int RowsPerFile = 5_000;
    private static readonly string[] UserRoles = ["user"];
    private static readonly string[] ApproverRoles = ["approver"];

    public static async Task<DueTenant> CreateAsync(KagiApiClient api, string adminConnection, int accounts)
    {
        var id = "due-" + Guid.NewGuid().ToString("N")[..8];
        await api.CreateTenantAsync(id, "alice", AdminPassword);
        var admin = await api.LoginAsync(id, "alice", AdminPassword);
        var t = $"/api/t/{id}";
        await api.ExpectAsync(HttpMethod.Post, $"{t}/users", new { username = "rita", password = UserPassword, roles = UserRoles }, admin, HttpStatusCode.Created);
        await api.ExpectAsync(HttpMethod.Post, $"{t}/users", new { username = "aki", password = UserPassword, roles = ApproverRoles }, admin, HttpStatusCode.Created);

        // The import verifies each login at the target's pacing: lifted for the set-up, set for the measurement.
        await api.RegisterPostgresTargetAsync(t, TargetId, adminConnection, admin);

        var ids = Enumerable.Range(0, accounts).Select(i => $"acct-{i:00000}").ToArray();
        var roles = ids.Select(account => $"kd_{id[4..]}_{account[5..]}").ToArray();
        var passwords = ids.Select(_ => Baselines.NewPassword()).ToArray();
        await CreateRolesAsync(adminConnection, roles, passwords);
        for (var first = 0; first < accounts; first += RowsPerFile)
        {
            await ImportAsync(api.Http, t, admin, ImportCsv(ids, roles, passwords, first, Math.Min(accounts, first + RowsPerFile)));
        }

        return new DueTenant(id, admin, await api.LoginAsync(id, "rita", UserPassword), await api.LoginAsync(id, "aki", UserPassword), ids, roles);
    }

    /// <summary>The CSV file of accounts <paramref name="first"/> to <paramref name="end"/> (exclusive): each role on the target.</summary>
    internal static string ImportCsv(string[] ids, string[] roles, string[] passwords, int first, int end)
    {
        var csv = new StringBuilder("id,targetId,username,password\n");
        for (var i = first; i < end; i++)
        {
            csv.Append(ids[i]).Append(',').Append(TargetId).Append(',').Append(roles[i]).Append(',').Append(passwords[i]).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Roles in batches of 500 statements on 4 connections: SCRAM hashing on the server is the cost.</summary>
    internal static async Task CreateRolesAsync(string adminConnection, string[] roles, string[] passwords) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, (roles.Length + 499) / 500), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, cancel) =>
        {
            var sql = new StringBuilder();
            for (var i = batch * 500; i < Math.Min(roles.Length, (batch + 1) * 500); i++)
            {
                sql.Append("CREATE ROLE ").Append(roles[i]).Append(" LOGIN PASSWORD '").Append(passwords[i]).Append("';");
            }

            await using var connection = new NpgsqlConnection(adminConnection);
            await connection.OpenAsync(cancel);
            await Baselines.ExecuteAsync(connection, sql.ToString());
        });

    /// <summary>Posts the CSV as an import job and waits for it; the job as it finished (its <c>queuedAt</c> and
    /// <c>finishedAt</c> time it).</summary>
    internal static async Task<JsonElement> ImportAsync(HttpClient http, string tenantPath, string admin, string csv)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{tenantPath}/accounts/import") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var accepted = await http.SendAsync(post);
        var body = await accepted.Content.ReadAsStringAsync();
        if (accepted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"import: {(int)accepted.StatusCode} {body}");
        }

        var job = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            using var get = new HttpRequestMessage(HttpMethod.Get, $"{tenantPath}/imports/{job}?limit=1");
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var answer = await http.SendAsync(get);
            var state = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            var status = state.GetProperty("status").GetString();
            Console.WriteLine($"  import {job}: {status}, {state.GetProperty("done")}/{state.GetProperty("total")} done, {state.GetProperty("failed")} failed");
            if (status is "completed" or "failed")
            {
                if (status == "failed" || state.GetProperty("created").GetInt32() != state.GetProperty("total").GetInt32())
                {
                    throw new InvalidOperationException($"import {job} did not create every account: {state}");
                }

                return state.Clone();
            }
        }
    }
}
