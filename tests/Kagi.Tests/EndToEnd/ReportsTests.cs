using System.Diagnostics;
using System.Net;
using Kagi.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// The built-in reports over HTTP, and reconciliation against the real PostgreSQL's connection log:
/// a psql login outside any window is flagged, one inside an approved check-out is not.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class ReportsTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Reconciliation_flags_a_psql_login_outside_any_window_but_not_one_inside_an_approved_check_out()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("rc_admin", "CREATEROLE");
        var (role, initialPassword) = await PostgresRoles.CreateAsync("rc_owner");
        await AllowConnectionLogAsync(adminRole);
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new
        {
            id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres",
            adminUsername = adminRole, adminPassword,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);

        await PsqlAsync(role, initialPassword, "outside-window");
        var requestId = (await Api.PostAsync($"/api/t/{tenant.Id}/requests", new
        {
            accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "fix the schema",
        }, tenant.Bob)).ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var password = (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("password");
        await PsqlAsync(role, password, "inside-window");
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkin", null, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var period = $"from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";

        var report = (await Api.GetAsync($"/api/t/{tenant.Id}/reports/reconciliation?{period}", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var logins = report.Json.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(logins.Any(l => l.GetProperty("application").GetString() == "outside-window"), report.Body);
        var outside = Assert.Single(logins, l => l.GetProperty("application").GetString() == "outside-window");
        Assert.True(outside.GetProperty("flagged").GetBoolean(), report.Body);
        Assert.Equal(role, outside.GetProperty("username").GetString());
        var inside = Assert.Single(logins, l => l.GetProperty("application").GetString() == "inside-window");
        Assert.False(inside.GetProperty("flagged").GetBoolean(), report.Body);
        Assert.Equal($"request {requestId}", inside.GetProperty("coveredBy").GetString());
        var kagiOwn = logins.Where(l => l.GetProperty("application").GetString() == "kagi-vault").ToList();
        Assert.NotEmpty(kagiOwn); // registration and rotation verified by logging in
        Assert.All(kagiOwn, l => Assert.Equal("kagi", l.GetProperty("coveredBy").GetString()));
        Assert.Single(logins, l => l.GetProperty("flagged").GetBoolean());

        var csv = (await Api.GetAsync($"/api/t/{tenant.Id}/reports/reconciliation?{period}&format=csv", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.MediaType);
        Assert.StartsWith("targetId,accountId,username,loginAt,clientHost,application,coveredBy,flagged\n", csv.Body, StringComparison.Ordinal);
        Assert.Contains(",outside-window,,true\n", csv.Body, StringComparison.Ordinal);

        var usage = Assert.Single((await Api.GetAsync($"/api/t/{tenant.Id}/reports/usage?{period}", tenant.Dave)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("rows").EnumerateArray());
        Assert.Equal(("owner", "bob", requestId), (usage.GetProperty("accountId").GetString(), usage.GetProperty("user").GetString(), usage.GetProperty("requestId").GetString()));
        Assert.Equal("bob", usage.GetProperty("checkedInBy").GetString());
        Assert.Equal("not-required", usage.GetProperty("postWorkReport").GetString()); // the default workflow asks for no report

        var accounts = (await Api.GetAsync($"/api/t/{tenant.Id}/reports/account-changes?{period}", tenant.Admin)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("actor").GetString()} {r.GetProperty("action").GetString()} {r.GetProperty("result").GetString()}").ToList();
        Assert.Equal(["alice target.create success", "alice account.create success", "kagi:system account.rotate success"], accounts);
        var users = (await Api.GetAsync($"/api/t/{tenant.Id}/reports/user-changes?{period}&format=csv", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(3, users.Body.Split('\n').Count(l => l.Contains(",alice,user.create,", StringComparison.Ordinal)));
        Assert.Contains(",kagi:operator,tenant.create,", users.Body, StringComparison.Ordinal);

        (await Api.GetAsync($"/api/t/{tenant.Id}/reports/usage", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.GetAsync($"/api/t/{tenant.Id}/reports/everything", tenant.Dave)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
    }

    /// <summary>What a DBA does once per target: let Kagi's admin role read the connection log and tell it where the log is.</summary>
    private static async Task AllowConnectionLogAsync(string adminRole)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await connection.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW data_directory", connection);
        // ./test.sh starts PostgreSQL with `pg_ctl -l <dir>/postgres.log` beside the data directory <dir>/data.
        var logFile = Path.Combine(Path.GetDirectoryName((string)(await show.ExecuteScalarAsync())!)!, "postgres.log");
        foreach (var sql in new[]
        {
            $"GRANT EXECUTE ON FUNCTION pg_read_binary_file(text, bigint, bigint, boolean) TO \"{adminRole}\"",
            $"GRANT pg_read_server_files TO \"{adminRole}\"",
            $"ALTER ROLE \"{adminRole}\" SET kagi.connection_log = '{logFile}'",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task PsqlAsync(string role, string password, string application)
    {
        var start = new ProcessStartInfo("psql", ["-h", PostgresRoles.Host, "-p", PostgresRoles.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", role, "-d", "postgres", "-w", "-X", "-c", "select 1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PGPASSWORD"] = password;
        start.Environment["PGAPPNAME"] = application;
        using var psql = Process.Start(start)!;
        var error = await psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();
        Assert.True(psql.ExitCode == 0, $"psql as {role} failed: {error}");
    }
}
