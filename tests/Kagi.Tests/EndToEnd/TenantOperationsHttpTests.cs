using System.Net;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>The operator lists, suspends and resumes tenants over HTTP against the real processes.</summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class TenantOperationsHttpTests(KagiDeployment kagi)
{
    private static readonly string[] User = ["user"];

    private KagiApi Api => kagi.Api;

    private async Task<List<System.Text.Json.JsonElement>> AllTenantsAsync(int limit)
    {
        var all = new List<System.Text.Json.JsonElement>();
        string? continuation = null;
        do
        {
            var page = (await Api.GetAsync($"/api/tenants?limit={limit}" + (continuation is null ? "" : "&continuation=" + continuation), Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);
            var tenants = page.Json.GetProperty("tenants").EnumerateArray().ToList();
            Assert.True(tenants.Count <= limit);
            all.AddRange(tenants);
            continuation = page.Json.GetProperty("continuation").GetString();
        }
        while (continuation is not null);
        return all;
    }

    [Fact]
    public async Task The_operator_lists_tenants_page_by_page_and_nobody_else_may()
    {
        var first = await TenantScript.OpenAsync(Api);
        await TenantScript.OpenAsync(Api);

        var seen = (await AllTenantsAsync(limit: 1)).Select(tenant => tenant.GetProperty("id").GetString()!).ToList();

        Assert.Contains(first.Id, seen);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        (await Api.GetAsync("/api/tenants", first.Admin)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.GetAsync("/api/tenants?limit=0", Api.OperatorToken)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
    }

    [Fact]
    public async Task A_suspended_tenant_refuses_sign_ins_and_calls_until_the_operator_resumes_it()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";

        (await Api.PostAsync($"/api/tenants/{tenant.Id}/suspend", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        var suspended = (await Api.PostAsync($"/api/tenants/{tenant.Id}/suspend", null, Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.String, suspended.Json.GetProperty("suspendedAt").ValueKind);

        (await Api.GetAsync($"{t}/requests", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "tenant-suspended");
        (await Api.PostAsync($"{t}/users", new { username = "erin", password = TenantScript.UserPassword, roles = User }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "tenant-suspended");
        (await Api.PostAsync($"{t}/auth/login", new { username = "alice", password = TenantScript.AdminPassword }, null)).ShouldBeProblem(HttpStatusCode.Forbidden, "tenant-suspended");
        var listed = (await AllTenantsAsync(limit: 200)).Single(entry => entry.GetProperty("id").GetString() == tenant.Id);
        Assert.Equal(System.Text.Json.JsonValueKind.String, listed.GetProperty("suspendedAt").ValueKind);

        (await Api.PostAsync($"/api/tenants/{tenant.Id}/resume", null, Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);

        (await Api.GetAsync($"{t}/requests", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        await Api.LoginAsync(tenant.Id, "alice", TenantScript.AdminPassword);
        (await Api.PostAsync("/api/tenants/no-such-tenant/suspend", null, Api.OperatorToken)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");

        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains($"kagi:operator tenant.suspend {tenant.Id} success", audit);
        Assert.Contains($"kagi:operator tenant.resume {tenant.Id} success", audit);
        Assert.Contains("alice user.create erin failure tenant-suspended", audit);
    }
}
