using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// The privileged-access loop over HTTP against the real Silo and Frontend processes, Azurite and
/// PostgreSQL: tenant → sign-in → target → account → request → approval → check-out → check-in →
/// rotation → audit.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class WholeLoopTests(KagiDeployment kagi)
{
    private static readonly string[] AllRoles = ["admin", "approver", "user", "auditor"];
    private static readonly string[] UnknownRoles = ["root"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task The_whole_loop_works_over_http_and_the_rotated_password_replaces_the_checked_out_one()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        var (role, initialPassword) = await PostgresRoles.CreateAsync("e2e_owner");
        await Api.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "alice", password = "wrong-password!" }, null)
            .ContinueWith(t => t.Result.ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials"));

        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new
        {
            id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres",
            adminUsername = adminRole, adminPassword,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var account = (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        Assert.DoesNotContain(initialPassword, account.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(initialPassword, (await Api.GetAsync($"/api/t/{tenant.Id}/accounts/owner", tenant.Bob)).ShouldBe(HttpStatusCode.OK).Body, StringComparison.Ordinal);

        var request = (await Api.PostAsync($"/api/t/{tenant.Id}/requests", new
        {
            accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "rotate the app schema",
        }, tenant.Bob)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("pending", request.Text("status"));
        var requestId = request.Text("id");

        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "not-approved");
        (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "self-approval");
        var approved = (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", new { comment = "go ahead" }, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("approved", approved.Text("status"));
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Carol)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");

        var checkout = (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var password = checkout.Text("password");
        Assert.Equal(role, checkout.Text("username"));
        Assert.True(await PostgresRoles.CanLogInAsync(role, password), "the checked-out password logs in");

        var checkin = (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkin", null, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("completed", checkin.Json.GetProperty("rotation").GetProperty("status").GetString());
        Assert.False(await PostgresRoles.CanLogInAsync(role, password), "after check-in the old password no longer logs in");

        var audit = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=200", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var actions = audit.Json.GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("result").GetString()}")
            .Reverse().ToList();
        Assert.Equal(
        [
            "kagi:operator tenant.create success", "alice auth.login success",
            "alice user.create intent", "alice user.create success", "alice user.create intent", "alice user.create success",
            "alice user.create intent", "alice user.create success", "bob auth.login success", "carol auth.login success", "dave auth.login success",
            "alice auth.login failure", "alice target.create intent", "alice target.create success", "alice account.create intent", "alice account.create success",
            "bob request.create intent", "bob request.create success", "bob account.checkout intent", "bob account.checkout failure", "bob request.approve intent", "bob request.approve failure",
            "carol request.approve intent", "carol request.approve success", "carol account.checkout intent", "carol account.checkout failure",
            "bob account.checkout intent", "bob account.checkout success",
        ], actions.Take(28));
        Assert.Contains("kagi:system account.rotate success", actions.Skip(28));
        Assert.Contains("bob account.checkin success", actions.Skip(28));
        Assert.All(audit.Json.GetProperty("events").EnumerateArray(), e => Assert.Equal("127.0.0.1", e.GetProperty("ipAddress").GetString() ?? "127.0.0.1"));
        var logs = kagi.Silo.RecentOutput + kagi.Frontend.RecentOutput;
        foreach (var secret in new[] { password, initialPassword, adminPassword, TenantScript.AdminPassword, TenantScript.UserPassword, tenant.Bob })
        {
            Assert.DoesNotContain(secret, audit.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_requester_holding_every_role_still_cannot_approve_their_own_request()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("e2e_owner");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "erin", password = TenantScript.UserPassword, roles = AllRoles }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var erin = await Api.LoginAsync(tenant.Id, "erin", TenantScript.UserPassword);

        var request = (await Api.PostAsync($"/api/t/{tenant.Id}/requests", new { accountId = "owner", from = DateTimeOffset.UtcNow, until = DateTimeOffset.UtcNow.AddHours(1), reason = "self-service" }, erin)).ShouldBe(HttpStatusCode.Created);

        (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{request.Text("id")}/approve", null, erin)).ShouldBeProblem(HttpStatusCode.Forbidden, "self-approval");
        Assert.Equal("pending", (await Api.GetAsync($"/api/t/{tenant.Id}/requests/{request.Text("id")}", erin)).ShouldBe(HttpStatusCode.OK).Text("status"));
    }

    [Fact]
    public async Task A_token_used_against_another_tenant_gets_404_and_bad_input_gets_problem_details()
    {
        var first = await TenantScript.OpenAsync(Api);
        var second = await TenantScript.OpenAsync(Api);

        (await Api.GetAsync($"/api/t/{second.Id}/audit", first.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.GetAsync($"/api/t/no-such-tenant/audit", first.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.GetAsync($"/api/t/{first.Id}/audit", null)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.GetAsync($"/api/t/{first.Id}/audit", "forged.token")).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.GetAsync($"/api/t/{first.Id}/audit", first.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.PostAsync("/api/tenants", new { id = "x1", name = "X", adminUsername = "a", adminPassword = "Long-enough-pw-1" }, first.Admin))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.PostAsync("/api/tenants", new { id = first.Id, name = "Again", adminUsername = "zed", adminPassword = "Long-enough-pw-1" }, Api.OperatorToken))
            .ShouldBeProblem(HttpStatusCode.Conflict, "already-exists");

        var invalid = (await Api.PostAsync($"/api/t/{first.Id}/users", new { username = "bad/name", password = "short", roles = UnknownRoles }, first.Admin))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.Equal(["password", "roles", "username"], invalid.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        (await Api.PostAsync($"/api/t/{first.Id}/requests", new { accountId = "x" }, first.Bob)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendAsync(HttpMethod.Post, $"/api/t/{first.Id}/auth/login", "not an object", null)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
    }

    [Fact]
    public async Task A_csv_import_over_http_refuses_a_malformed_file_whole_and_runs_a_good_one_as_a_job_naming_each_refused_line()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("e2e_owner");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);

        var refused = await Api.SendCsvAsync($"/api/t/{tenant.Id}/accounts/import", $"id,targetId,username,password\nok,pg,{role},{password}\nbroken,pg,{role}\n", tenant.Admin);
        refused.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "import-refused");
        Assert.Equal(3, refused.Json.GetProperty("errors")[0].GetProperty("line").GetInt32());
        (await Api.GetAsync($"/api/t/{tenant.Id}/accounts/ok", tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");

        // A well-formed file is a job (202): lines the vault refuses are named in its results, the others imported.
        var accepted = (await Api.SendCsvAsync($"/api/t/{tenant.Id}/accounts/import", $"id,targetId,username,password\nok,pg,{role},{password}\nwrong,pg,{role},not-the-password\n", tenant.Admin))
            .ShouldBe(HttpStatusCode.Accepted);
        Assert.DoesNotContain(password, accepted.Body, StringComparison.Ordinal);
        var job = await Eventually.Async(async () => (await Api.GetAsync(accepted.Headers["Location"], tenant.Admin)).ShouldBe(HttpStatusCode.OK),
            r => r.Text("status") == "completed", TimeSpan.FromMinutes(1));
        Assert.Equal((2, 1, 1), (job.Json.GetProperty("done").GetInt32(), job.Json.GetProperty("created").GetInt32(), job.Json.GetProperty("failed").GetInt32()));
        var refusedLine = job.Json.GetProperty("lines")[1];
        Assert.Equal((3, "password-refused"), (refusedLine.GetProperty("line").GetInt32(), refusedLine.GetProperty("problem").GetProperty("code").GetString()));
        Assert.DoesNotContain(password, job.Body, StringComparison.Ordinal);
        (await Api.GetAsync($"/api/t/{tenant.Id}/accounts/ok", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        (await Api.SendCsvAsync($"/api/t/{tenant.Id}/accounts/import", "id,targetId,username,password\nx,pg,u,p\n", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
    }
}
