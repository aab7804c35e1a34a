using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

[Collection(ThirdKagiDeploymentGroup.Name)]
public sealed class SiloRestartTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task After_a_silo_restart_every_tenant_account_request_lease_session_and_audit_event_is_intact()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        var (role, initialPassword) = await PostgresRoles.CreateAsync("e2e_owner");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var requestId = (await Api.PostAsync($"/api/t/{tenant.Id}/requests", new { accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "before restart" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var password = (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("password");
        var auditBefore = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var hashesBefore = auditBefore.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("hash").GetString()).ToList();

        await kagi.RestartSiloAsync();

        // Sessions, the lease, the request and the whole audit chain come back from storage.
        var account = (await Api.GetAsync($"/api/t/{tenant.Id}/accounts/owner", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("bob", account.Json.GetProperty("lease").GetProperty("holder").GetString());
        Assert.Equal("approved", (await Api.GetAsync($"/api/t/{tenant.Id}/requests/{requestId}", tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("status"));
        var auditAfter = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var hashesAfter = auditAfter.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("hash").GetString()).ToList();
        Assert.Equal(hashesBefore, hashesAfter.Skip(hashesAfter.Count - hashesBefore.Count));
        Assert.NotEmpty(await Api.LoginAsync(tenant.Id, "alice", TenantScript.AdminPassword));

        // The loop carries on: the vault still decrypts what it stored before the restart.
        Assert.Equal(password, (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("password"));
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkin", null, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.False(await PostgresRoles.CanLogInAsync(role, password));
        var chained = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray().ToList();
        for (var i = 0; i < chained.Count - 1; i++)
        {
            Assert.Equal(chained[i + 1].GetProperty("hash").GetString(), chained[i].GetProperty("previousHash").GetString());
        }
    }
}
