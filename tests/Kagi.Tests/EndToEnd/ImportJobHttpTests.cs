using System.Net;
using System.Text;
using Kagi.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>CSV imports as background jobs over HTTP, against real PostgreSQL roles.</summary>
[Collection(ThirdKagiDeploymentGroup.Name)]
public sealed class ImportJobHttpTests(KagiDeployment kagi)
{
    private const int Rows = 1000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task A_thousand_line_import_is_a_job_that_survives_a_killed_silo_and_imports_every_line_once()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        // The target's pacing lifted, so the test waits on the import, not on the default 300 logins a minute.
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword,
            rateLimit = new { perMinute = 60_000, burst = 100 } }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var roles = await CreateRolesAsync(Rows);
        var csv = "id,targetId,username,password\n" + string.Join("\n", roles.Select((r, i) => $"bulk-{i:D4},pg,{r.Role},{r.Password}"));

        var accepted = (await Api.SendCsvAsync($"{t}/accounts/import", csv, tenant.Admin)).ShouldBe(HttpStatusCode.Accepted);
        var id = accepted.Text("id");
        Assert.Equal($"{t}/imports/{id}", accepted.Headers["Location"]);
        Assert.Equal(Rows, accepted.Json.GetProperty("total").GetInt32());
        Assert.DoesNotContain(roles[0].Password, accepted.Body, StringComparison.Ordinal);

        var midway = await PollAsync(t, id, tenant.Admin, job => job.GetProperty("done").GetInt32() > 0);
        await kagi.KillSiloAsync();
        await kagi.StartSiloAsync();
        var done = await PollAsync(t, id, tenant.Admin, job => job.GetProperty("status").GetString() is "completed" or "failed");

        Assert.InRange(midway.GetProperty("done").GetInt32(), 1, Rows - 1);
        Assert.Equal(("completed", Rows, Rows, 0), (done.GetProperty("status").GetString(), done.GetProperty("done").GetInt32(),
            done.GetProperty("created").GetInt32(), done.GetProperty("failed").GetInt32()));
        var lines = new List<(int Line, string Id, bool Created)>();
        for (int? after = 0; after is { } from;)
        {
            var page = (await Api.GetAsync($"{t}/imports/{id}?after={from}&limit=300", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
            Assert.DoesNotContain(roles[from / 300 * 300].Password, page.Body, StringComparison.Ordinal);
            lines.AddRange(page.Json.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("line").GetInt32(), l.GetProperty("accountId").GetString()!, l.GetProperty("created").GetBoolean())));
            after = page.Json.GetProperty("next").ValueKind == System.Text.Json.JsonValueKind.Number ? page.Json.GetProperty("next").GetInt32() : null;
        }

        Assert.Equal(Enumerable.Range(2, Rows), lines.Select(l => l.Line));
        Assert.All(lines, l => Assert.True(l.Created, $"line {l.Line} was not created"));
        Assert.Equal(roles[999].Role, (await Api.GetAsync($"{t}/accounts/bulk-0999", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("username"));
        var listed = (await Api.GetAsync($"{t}/accounts?prefix=bulk-&limit=500", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(500, listed.Json.GetProperty("accounts").GetArrayLength());
    }

    [Fact]
    public async Task An_import_job_answers_only_its_own_tenants_admins()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var other = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("e2e_owner");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        var id = (await Api.SendCsvAsync($"/api/t/{tenant.Id}/accounts/import", $"id,targetId,username,password\nmine,pg,{role},{password}\n", tenant.Admin))
            .ShouldBe(HttpStatusCode.Accepted).Text("id");

        (await Api.GetAsync($"/api/t/{other.Id}/imports/{id}", other.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.GetAsync($"/api/t/{tenant.Id}/imports/{id}", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.GetAsync($"/api/t/{tenant.Id}/imports/{id}?limit=0", tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.Equal(1, (await PollAsync($"/api/t/{tenant.Id}", id, tenant.Admin, job => job.GetProperty("status").GetString() == "completed")).GetProperty("created").GetInt32());
    }

    private async Task<System.Text.Json.JsonElement> PollAsync(string t, string id, string token, Func<System.Text.Json.JsonElement, bool> condition) =>
        await Eventually.Async(async () =>
        {
            // While the silo restarts the Frontend answers 503; that is a poll to repeat, not a failure.
            var response = await Api.GetAsync($"{t}/imports/{id}?limit=1", token);
            return response.Status == HttpStatusCode.OK ? response.Json : default;
        }, job => job.ValueKind == System.Text.Json.JsonValueKind.Object && condition(job), Patience);

    /// <summary>Login roles made in one batch of statements: one by one they would take most of the test.</summary>
    internal static async Task<List<(string Role, string Password)>> CreateRolesAsync(int count)
    {
        var prefix = "e2e_bulk_" + Guid.NewGuid().ToString("N")[..8];
        var roles = Enumerable.Range(0, count).Select(i => ($"{prefix}_{i}", PostgresRoles.NewPassword())).ToList();
        var sql = new StringBuilder();
        foreach (var (role, password) in roles)
        {
            // Names and passwords are made here of [a-z0-9_] and hex, so they need no quoting beyond the literal.
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"CREATE ROLE {role} LOGIN PASSWORD '{password}';\n");
        }

        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.ToString(), connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
        return roles;
    }
}
