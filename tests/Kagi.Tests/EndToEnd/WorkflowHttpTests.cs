using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A two-step workflow over HTTP against the real processes: required fields, the listing of what
/// waits for whom, separation of duties, delegation, bulk decisions, check-out, extension,
/// revocation (forced check-in and rotation) and the post-work report.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class WorkflowHttpTests(KagiDeployment kagi)
{
    private static readonly string[] Pg = ["pg"];
    private static readonly string[] Carol = ["carol"];
    private static readonly string[] Approvers = ["approver"];
    private static readonly string[] Dba = ["dba"];
    private static readonly string[] OwnerAndReader = ["owner", "reader"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task A_two_step_workflow_runs_end_to_end_with_delegation_bulk_decisions_extension_revocation_and_a_report()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        foreach (var (name, userRole) in new[] { ("erin", "approver"), ("frank", "user") })
        {
            (await Api.PostAsync($"{t}/users", new { username = name, password = TenantScript.UserPassword, roles = new[] { userRole } }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        }

        var erin = await Api.LoginAsync(tenant.Id, "erin", TenantScript.UserPassword);
        var frank = await Api.LoginAsync(tenant.Id, "frank", TenantScript.UserPassword);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("wf_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("wf_owner");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres", adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);

        // Two steps: carol as team lead, then any approver (which carol, having decided step one, is not).
        var workflow = (await Api.SendAsync(HttpMethod.Put, $"{t}/workflows/prod-db", new
        {
            name = "Production databases",
            appliesTo = new { targets = Pg },
            steps = new object[]
            {
                new { name = "team lead", approvers = new { users = Carol }, quorum = "any" },
                new { name = "dba", approvers = new { roles = Approvers }, quorum = "1" },
            },
            maxWindow = "PT8H",
            require = new { purpose = true, workContent = true, ticketReference = false },
            report = new { required = true, dueAfter = "PT4H", remindEvery = "PT12H" },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("PT8H", workflow.Json.GetProperty("definition").GetProperty("maximumWindow").GetString());
        (await Api.SendAsync(HttpMethod.Put, $"{t}/workflows/broken", new { name = "x", steps = new[] { new { name = "s", quorum = "most" } } }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendAsync(HttpMethod.Put, $"{t}/workflows/mine", new { name = "x", steps = new[] { new { name = "s", approvers = new { roles = Approvers } } } }, tenant.Bob))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");

        var now = DateTimeOffset.UtcNow;
        (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = now.AddMinutes(-1), until = now.AddHours(1), reason = "rebuild the index" }, tenant.Bob))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = now.AddMinutes(-1), until = now.AddHours(9), reason = "rebuild", workContent = "REINDEX" }, tenant.Bob))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        var submitted = (await Api.PostAsync($"{t}/requests", new
        {
            accountId = "owner", from = now.AddMinutes(-1), until = now.AddHours(1), reason = "rebuild the index", workContent = "REINDEX TABLE orders",
        }, tenant.Bob)).ShouldBe(HttpStatusCode.Created);
        var id = submitted.Text("id");
        Assert.Equal("prod-db", submitted.Text("workflowId"));
        Assert.Equal("team lead", submitted.Json.GetProperty("progress").GetProperty("steps")[0].GetProperty("name").GetString());

        Assert.Contains(id, await ToApproveAsync(t, tenant.Carol));
        Assert.DoesNotContain(id, await ToApproveAsync(t, erin));
        (await Api.PostAsync($"{t}/requests/{id}/approve", null, erin)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("pending", (await Api.PostAsync($"{t}/requests/{id}/approve", new { comment = "ok from the lead" }, tenant.Carol)).ShouldBe(HttpStatusCode.OK).Text("status"));
        (await Api.PostAsync($"{t}/requests/{id}/approve", null, tenant.Carol)).ShouldBeProblem(HttpStatusCode.Forbidden, "self-approval");
        Assert.DoesNotContain(id, await ToApproveAsync(t, tenant.Carol));
        Assert.Contains(id, await ToApproveAsync(t, erin));
        (await Api.PostAsync($"{t}/accounts/owner/checkout", new { requestId = id }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "not-approved");

        // erin is away and delegates to frank, who holds no approver role.
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/erin/delegation", new { to = "frank", from = now.AddMinutes(-5), until = now.AddDays(1) }, tenant.Bob))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/erin/delegation", new { to = "erin", from = now.AddMinutes(-5), until = now.AddDays(1) }, erin))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/erin/delegation", new { to = "frank", from = now.AddMinutes(-5), until = now.AddDays(1) }, erin)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(id, await ToApproveAsync(t, frank));

        var bulk = (await Api.PostAsync($"{t}/approvals/bulk", new
        {
            decisions = new object[]
            {
                new { requestId = id, decision = "approve", comment = "for erin" },
                new { requestId = "no-such-request", decision = "approve" },
            },
        }, frank)).ShouldBe(HttpStatusCode.OK);
        var results = bulk.Json.GetProperty("results");
        Assert.True(results[0].GetProperty("succeeded").GetBoolean());
        Assert.False(results[1].GetProperty("succeeded").GetBoolean());
        Assert.Contains("NotFound", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        var approved = results[0].GetProperty("request");
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        var last = approved.GetProperty("decisions")[1];
        Assert.Equal(("frank", "erin", 1), (last.GetProperty("decidedBy").GetString(), last.GetProperty("onBehalfOf").GetString(), last.GetProperty("step").GetInt32()));

        var grant = (await Api.PostAsync($"{t}/accounts/owner/checkout", new { requestId = id }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var checkedOut = grant.Text("password");
        Assert.True(await PostgresRoles.CanLogInAsync(role, checkedOut));

        // An extension needs both steps again; then the lease runs to the new end.
        var newEnd = now.AddHours(3);
        var extension = (await Api.PostAsync($"{t}/requests/{id}/extend", new { until = newEnd, reason = "the reindex is slower than planned" }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("pending", extension.Json.GetProperty("extension").GetProperty("status").GetString());
        (await Api.PostAsync($"{t}/requests/{id}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var extended = (await Api.PostAsync($"{t}/requests/{id}/approve", null, erin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("approved", extended.Json.GetProperty("extension").GetProperty("status").GetString());
        var lease = (await Api.GetAsync($"{t}/accounts/owner", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("leases")[0];
        Assert.Equal(newEnd.ToUnixTimeSeconds(), lease.GetProperty("until").GetDateTimeOffset().ToUnixTimeSeconds());

        // Revocation: forced check-in and rotation, at once.
        (await Api.PostAsync($"{t}/requests/{id}/revoke", new { reason = "stop" }, tenant.Carol)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        var revoked = (await Api.PostAsync($"{t}/requests/{id}/revoke", new { reason = "change freeze starts now" }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("revoked", revoked.Text("status"));
        var account = (await Api.GetAsync($"{t}/accounts/owner", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, account.Json.GetProperty("leases").GetArrayLength());
        Assert.False(await PostgresRoles.CanLogInAsync(role, checkedOut));

        // Use without a report shows in the usage report; then bob files it and someone who could approve, never bob, accepts it.
        Assert.Equal("due", await UsageReportStatusAsync(t, tenant.Dave, id));
        (await Api.PostAsync($"{t}/requests/{id}/report/approve", null, tenant.Carol)).ShouldBeProblem(HttpStatusCode.Conflict, "invalid-state");
        (await Api.PostAsync($"{t}/requests/{id}/report", new { text = "Reindexed orders; revoked before the second table." }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var accepted = (await Api.PostAsync($"{t}/requests/{id}/report/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("carol", accepted.Json.GetProperty("report").GetProperty("approvedBy").GetString());
        Assert.Equal("approved", await UsageReportStatusAsync(t, tenant.Dave, id));

        var mine = (await Api.GetAsync($"{t}/requests?mine=true&status=revoked", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(id, mine.Json.GetProperty("items")[0].GetProperty("id").GetString());
        (await Api.GetAsync($"{t}/requests?status=sideways", tenant.Bob)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        var audit = (await Api.GetAsync($"{t}/audit?requestId={id}&limit=100", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Body;
        foreach (var action in new[] { "request.create", "request.approve", "request.extend", "request.revoke", "request.access-end", "report.file", "report.approve" })
        {
            Assert.Contains($"\"{action}\"", audit, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Presets_several_accounts_in_one_request_and_auto_approval_by_group_work_over_http()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("ps_admin", "CREATEROLE");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres", adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in new[] { "owner", "reader", "other" })
        {
            var (role, password) = await PostgresRoles.CreateAsync("ps_" + id);
            roles[id] = role;
            (await Api.PostAsync($"{t}/accounts", new { id, targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        }

        (await Api.SendAsync(HttpMethod.Put, $"{t}/workflows/dba-fast", new
        {
            name = "DBA quick checks",
            appliesTo = new { accounts = OwnerAndReader },
            steps = new[] { new { name = "approver", approvers = new { roles = Approvers }, quorum = "any" } },
            autoApprove = new[] { new { name = "dba under an hour", requesterGroups = Dba, maxWindow = "PT1H" } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/bob/profile", new { groups = Dba }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        // Accounts under different workflows cannot share a request.
        var now = DateTimeOffset.UtcNow;
        (await Api.PostAsync($"{t}/requests", new
        {
            accounts = new[] { new { accountId = "owner", from = now, until = now.AddMinutes(30) }, new { accountId = "other", from = now, until = now.AddMinutes(30) } },
            reason = "mixed",
        }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");

        (await Api.SendAsync(HttpMethod.Put, $"{t}/presets/nightly", new { accountIds = OwnerAndReader, duration = "PT30M", purpose = "nightly consistency check" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.OK);
        var presets = (await Api.GetAsync($"{t}/presets", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("nightly", presets.Json.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(0, (await Api.GetAsync($"{t}/presets", tenant.Carol)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("items").GetArrayLength());

        var auto = (await Api.PostAsync($"{t}/requests", new { preset = "nightly" }, tenant.Bob)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("approved", auto.Text("status"));
        Assert.Equal("dba under an hour", auto.Text("autoApprovedBy"));
        Assert.Equal("nightly consistency check", auto.Text("reason"));
        Assert.Equal(2, auto.Json.GetProperty("items").GetArrayLength());
        foreach (var account in OwnerAndReader)
        {
            var grant = (await Api.PostAsync($"{t}/accounts/{account}/checkout", new { requestId = auto.Text("id") }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
            Assert.True(await PostgresRoles.CanLogInAsync(roles[account], grant.Text("password")));
        }

        var audit = (await Api.GetAsync($"{t}/audit?requestId={auto.Text("id")}", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Body;
        Assert.Contains("\"request.auto-approve\"", audit, StringComparison.Ordinal);

        // Someone outside the group, or a longer window, waits for people; each account keeps its own window.
        var longer = (await Api.PostAsync($"{t}/requests", new
        {
            accounts = new[] { new { accountId = "owner", from = now.AddHours(2), until = now.AddHours(3) }, new { accountId = "reader", from = now.AddHours(2), until = now.AddHours(4) } },
            reason = "schema review",
        }, tenant.Bob)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("pending", longer.Text("status"));
        var items = longer.Json.GetProperty("items");
        Assert.Equal(now.AddHours(4).ToUnixTimeSeconds(), items[1].GetProperty("until").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(now.AddHours(2).ToUnixTimeSeconds(), longer.Json.GetProperty("decideBy").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    private async Task<string?> UsageReportStatusAsync(string tenantPath, string auditor, string requestId)
    {
        var rows = (await Api.GetAsync($"{tenantPath}/reports/usage", auditor)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("rows").EnumerateArray();
        return rows.Single(r => r.GetProperty("requestId").GetString() == requestId).GetProperty("postWorkReport").GetString();
    }

    private async Task<List<string>> ToApproveAsync(string tenantPath, string token)
    {
        var page = (await Api.GetAsync($"{tenantPath}/requests?toApprove=true", token)).ShouldBe(HttpStatusCode.OK);
        return [.. page.Json.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
    }
}
