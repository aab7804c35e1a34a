using System.Net;
using Npgsql;

namespace Kagi.Benchmarks.Http;

/// <summary>
/// The tenant the benchmark measures, set up over Kagi's API: an admin, 16 users to sign in (P2), 10 approvers and
/// 500 requesters (P5), a PostgreSQL target whose pacing is lifted to its maximum, and 100 accounts on it, each a
/// real role (P3, P5).
/// </summary>
internal sealed record BenchTenant(string Id, string AdminToken, string[] ApproverTokens, string[] RequesterTokens, string[] AccountIds)
{
    public const string AdminPassword = "Correct-Horse-42!";
    public const string UserPassword = "Users-Password-42!";
    public const int SignInUsers = 16;
    public const int Approvers = 10;
    public const int Requesters = 500;
    public const int Accounts = 100;

    public static string SignInUser(int i) => $"u{i:00}";

    /// <summary>Sets the tenant up with <paramref name="requesters"/> requesters (the P5 benchmark runs smaller ones too) and
    /// <paramref name="bystanders"/> more users who never sign in (plain users, in no approver set): a larger tenant's
    /// directory, to show whether a submission's cost grows with it.</summary>
    public static async Task<BenchTenant> CreateAsync(KagiApiClient api, string adminConnection, int requesters = Requesters, int bystanders = 0)
    {
        var id = "bench-" + Guid.NewGuid().ToString("N")[..10];
        await api.CreateTenantAsync(id, "alice", AdminPassword);
        var admin = await api.LoginAsync(id, "alice", AdminPassword);
        var t = $"/api/t/{id}";

        var users = Enumerable.Range(0, SignInUsers).Select(i => (SignInUser(i), "user"))
            .Concat(Enumerable.Range(0, Approvers).Select(i => ($"a{i}", "approver")))
            .Concat(Enumerable.Range(0, requesters).Select(i => ($"r{i:000}", "user")))
            .Concat(Enumerable.Range(0, bystanders).Select(i => ($"x{i:00000}", "user")))
            .ToList();
        await ForEachAsync(users, 16, user =>
            api.ExpectAsync(HttpMethod.Post, $"{t}/users", new { username = user.Item1, password = UserPassword, roles = new[] { user.Item2 } }, admin, HttpStatusCode.Created));
        var approvers = await TokensAsync(api, id, Enumerable.Range(0, Approvers).Select(i => $"a{i}"));
        var requesterTokens = await TokensAsync(api, id, Enumerable.Range(0, requesters).Select(i => $"r{i:000}"));

        // P3 measures rotation with the target's pacing lifted.
        await api.RegisterPostgresTargetAsync(t, "pg", adminConnection, admin);

        var accounts = Enumerable.Range(0, Accounts).Select(i => $"acct-{i:000}").ToArray();
        await using (var connection = new NpgsqlConnection(adminConnection))
        {
            await connection.OpenAsync();
            foreach (var account in accounts)
            {
                var role = Role(id, account);
                await Baselines.ExecuteAsync(connection, $"DROP ROLE IF EXISTS {role}");
                await Baselines.ExecuteAsync(connection, $"CREATE ROLE {role} LOGIN PASSWORD '{Baselines.NewPassword()}'");
            }
        }

        await ForEachAsync(accounts, 8, async account =>
        {
            // Kagi checks the password on the target, so each account starts from one set here.
            var password = Baselines.NewPassword();
            await using (var connection = new NpgsqlConnection(adminConnection))
            {
                await connection.OpenAsync();
                await Baselines.ExecuteAsync(connection, $"ALTER ROLE {Role(id, account)} PASSWORD '{password}'");
            }

            await api.ExpectAsync(HttpMethod.Post, $"{t}/accounts", new { id = account, targetId = "pg", username = Role(id, account), password }, admin, HttpStatusCode.Created);
        });

        return new BenchTenant(id, admin, approvers, requesterTokens, accounts);
    }

    private static string Role(string tenant, string account) => $"kb_{tenant[6..]}_{account.Replace('-', '_')}";

    private static async Task<string[]> TokensAsync(KagiApiClient api, string tenant, IEnumerable<string> usernames)
    {
        var names = usernames.ToArray();
        var tokens = new string[names.Length];
        await ForEachAsync(Enumerable.Range(0, names.Length), 16, async i => tokens[i] = await api.LoginAsync(tenant, names[i], UserPassword));
        return tokens;
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, int parallel, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (item, _) => await action(item));
}
