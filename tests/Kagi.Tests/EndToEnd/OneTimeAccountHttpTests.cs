using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Kagi.Tests.EndToEnd;

[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class OneTimeAccountHttpTests(KagiDeployment kagi, ITestOutputHelper output)
{
    private KagiApi Api => kagi.Api;

    /// <summary>
    /// A one-time account is handed out over HTTP, the silo process is killed (SIGKILL) and started again
    /// during the window, and the account is still removed from PostgreSQL when the window closes.
    /// </summary>
    [Fact]
    public async Task A_one_time_account_is_gone_after_its_window_even_when_the_silo_was_killed_during_it()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/one-time", new { id = "jit", targetId = "pg", prefix = "e2e_jit", endAction = "remove" }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/one-time", new { id = "bad", targetId = "pg", prefix = "Bad-Prefix" }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        var requestId = (await Api.PostAsync($"/api/t/{tenant.Id}/requests", new { accountId = "jit", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddSeconds(45), reason = "one-time work" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);

        var grant = (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/jit/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var (username, password) = (grant.Text("username"), grant.Text("password"));
        Assert.StartsWith("e2e_jit_", username, StringComparison.Ordinal);
        Assert.True(await PostgresRoles.CanLogInAsync(username, password));

        await kagi.KillSiloAsync();
        await kagi.StartSiloAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await PostgresRoles.ExistsAsync(username))
        {
            Assert.True(DateTime.UtcNow < deadline, "the one-time account outlived its window");
            await Task.Delay(500);
        }

        output.WriteLine($"removed {clock.Elapsed} after the restart");
        Assert.False(await PostgresRoles.CanLogInAsync(username, password));
        var account = (await Api.GetAsync($"/api/t/{tenant.Id}/accounts/jit", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, account.Json.GetProperty("oneTimeAccounts").GetArrayLength());
        var audit = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?kind=account.jit-&accountId=jit", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var steps = audit.Json.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("result").GetString())).ToList();
        Assert.Contains(("account.jit-create", "success"), steps);
        Assert.Contains(("account.jit-remove", "success"), steps);
        Assert.DoesNotContain(password, audit.Body, StringComparison.Ordinal);
    }
}
