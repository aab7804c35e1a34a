using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Changing and removing targets, accounts and workflows over HTTP against the real processes and PostgreSQL.</summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class InventoryManagementHttpTests(KagiDeployment kagi)
{
    private static readonly string[] Pg = ["pg"];
    private static readonly string[] Carol = ["carol"];
    private static readonly string[] Approvers = ["approver"];

    private KagiApi Api => kagi.Api;

    private async Task<(TenantScript Tenant, string AdminRole, string Role, string Password)> TenantWithAccountAsync(string prefix)
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync(prefix + "_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync(prefix + "_owner");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres", adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        return (tenant, adminRole, role, password);
    }

    [Fact]
    public async Task An_account_is_removed_only_when_not_checked_out_and_its_password_is_left_on_the_target()
    {
        var (tenant, _, _, _) = await TenantWithAccountAsync("del_acct");
        var t = $"/api/t/{tenant.Id}";
        var now = DateTimeOffset.UtcNow;
        var requestId = (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = now.AddMinutes(-1), until = now.AddHours(1), reason = "look" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"{t}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        (await Api.PostAsync($"{t}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);

        (await Api.SendAsync(HttpMethod.Delete, $"{t}/accounts/owner", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Conflict, "checked-out");
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/accounts/owner", null, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/accounts/nothing", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");

        // A second account, never checked out nor rotated: removed, its password stays what it was on the target.
        var (role2, password2) = await PostgresRoles.CreateAsync("del_acct_app");
        (await Api.PostAsync($"{t}/accounts", new { id = "app", targetId = "pg", username = role2, password = password2 }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/accounts/app", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);

        (await Api.GetAsync($"{t}/accounts/app", tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        Assert.True(await PostgresRoles.CanLogInAsync(role2, password2), "Kagi does not touch the target when it lets an account go");
        (await Api.GetAsync($"{t}/accounts/owner", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains("alice account.delete app success the password on the target is left as it was registered (Kagi never rotated it); Kagi no longer rotates it", audit);
        Assert.Contains("alice account.delete owner failure checked-out", audit);
    }

    [Fact]
    public async Task A_target_is_changed_only_with_a_credential_that_logs_in_and_removed_only_without_accounts()
    {
        var (tenant, oldAdmin, _, _) = await TenantWithAccountAsync("upd_tgt");
        var t = $"/api/t/{tenant.Id}";

        var changed = (await Api.SendAsync(HttpMethod.Put, $"{t}/targets/pg", new { rateLimit = new { perMinute = 60, burst = 2 }, passwordRules = new { minimumLength = 20 } }, tenant.Admin))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal(60, changed.Json.GetProperty("rateLimit").GetProperty("perMinute").GetInt32());
        Assert.Equal(20, changed.Json.GetProperty("passwordRules").GetProperty("minimumLength").GetInt32());

        // A wrong credential changes nothing: rotation still works with the old one.
        (await Api.SendAsync(HttpMethod.Put, $"{t}/targets/pg", new { adminPassword = "not-the-password" }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "credential-rejected");
        (await Api.PostAsync($"{t}/accounts/owner/rotate", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        // A new admin that logs in replaces the old one, which then stops working without Kagi noticing.
        var (newAdmin, newPassword) = await PostgresRoles.CreateAsync("upd_tgt_admin2", "CREATEROLE");
        (await Api.SendAsync(HttpMethod.Put, $"{t}/targets/pg", new { adminUsername = newAdmin, adminPassword = newPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.OK).Text("adminUsername").ShouldEqual(newAdmin);
        await PostgresRoles.SetPasswordAsync(oldAdmin, PostgresRoles.NewPassword());
        (await Api.PostAsync($"{t}/accounts/owner/rotate", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        (await Api.SendAsync(HttpMethod.Put, $"{t}/targets/pg", new { rateLimit = new { perMinute = 1 } }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Put, $"{t}/targets/none", new { rateLimit = new { perMinute = 60 } }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");

        (await Api.SendAsync(HttpMethod.Delete, $"{t}/targets/pg", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Conflict, "invalid-state");
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/accounts/owner", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/targets/pg", null, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/targets/pg", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/targets/pg", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        var (role, password) = await PostgresRoles.CreateAsync("upd_tgt_late");
        (await Api.PostAsync($"{t}/accounts", new { id = "late", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");

        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains("alice target.update pg success password rules 20 to any characters, require upper False, lower False, digits False, symbols False, excluded \"\"; rate limit 60 a minute, burst 2", audit);
        Assert.Contains("alice target.update pg failure new admin credential (admin unchanged); credential-rejected", audit);
        Assert.Contains($"alice target.update pg success new admin credential (admin {newAdmin})", audit);
        Assert.Contains(audit, line => line.StartsWith("alice target.delete pg failure invalid-state", StringComparison.Ordinal));
        Assert.Contains("alice target.delete pg success", audit);
        Assert.DoesNotContain(audit, line => line.Contains(newPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_workflow_no_longer_governs_new_requests_but_a_request_keeps_the_version_it_was_submitted_under()
    {
        var (tenant, _, _, _) = await TenantWithAccountAsync("del_wf");
        var t = $"/api/t/{tenant.Id}";
        (await Api.SendAsync(HttpMethod.Put, $"{t}/workflows/prod-db", new
        {
            name = "Production databases",
            appliesTo = new { targets = Pg },
            steps = new object[]
            {
                new { name = "team lead", approvers = new { users = Carol }, quorum = "any" },
                new { name = "dba", approvers = new { roles = Approvers }, quorum = "1" },
            },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var now = DateTimeOffset.UtcNow;
        var requestId = (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = now.AddMinutes(-1), until = now.AddHours(1), reason = "fix" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");

        (await Api.SendAsync(HttpMethod.Delete, $"{t}/workflows/prod-db", null, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/workflows/prod-db", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/workflows/prod-db", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/workflows/default", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Conflict, "invalid-state");

        var listed = (await Api.GetAsync($"{t}/workflows", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("prod-db", listed);

        // Still two steps: carol's approval leaves it waiting for the second.
        var afterFirst = (await Api.PostAsync($"{t}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(("pending", "prod-db"), (afterFirst.Text("status"), afterFirst.Text("workflowId")));
        var later = (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = now.AddHours(2), until = now.AddHours(3), reason = "later" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created);
        Assert.NotEqual("prod-db", later.Json.TryGetProperty("workflowId", out var id) ? id.GetString() : null);

        Assert.Contains("alice workflow.delete prod-db success", await ManagementAudit.LinesAsync(Api, tenant));
    }
}
