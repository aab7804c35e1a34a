using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Adopting discovered accounts as an import job over HTTP, against real PostgreSQL roles.</summary>
[Collection(ThirdKagiDeploymentGroup.Name)]
public sealed class AdoptionJobHttpTests(KagiDeployment kagi)
{
    private const int Accounts = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Adopting_three_hundred_discovered_accounts_is_a_job_that_survives_a_killed_silo_and_adopts_each_once()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        await CreateTargetAsync(t, tenant.Admin, new { perMinute = 60_000, burst = 100 });
        var roles = await ImportJobHttpTests.CreateRolesAsync(Accounts);
        var report = (await Api.PostAsync($"{t}/targets/pg/discover", new { }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("unmanaged", report.Json.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("username").GetString() == roles[0].Role).GetProperty("status").GetString());

        var accepted = (await Api.PostAsync($"{t}/targets/pg/adopt", new { accounts = roles.Select((r, i) => new { username = r.Role, id = $"found-{i:D3}" }) }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Accepted);
        var id = accepted.Text("id");
        Assert.Equal($"{t}/imports/{id}", accepted.Headers["Location"]);
        Assert.Equal(("adoption", Accounts), (accepted.Text("kind"), accepted.Json.GetProperty("total").GetInt32()));

        var midway = await PollAsync(t, id, tenant.Admin, job => job.GetProperty("done").GetInt32() > 0);
        await kagi.KillSiloAsync();
        await kagi.StartSiloAsync();
        var done = await PollAsync(t, id, tenant.Admin, job => job.GetProperty("status").GetString() is "completed" or "failed");

        Assert.InRange(midway.GetProperty("done").GetInt32(), 1, Accounts - 1);
        Assert.Equal(("completed", Accounts, Accounts, 0), (done.GetProperty("status").GetString(), done.GetProperty("done").GetInt32(),
            done.GetProperty("created").GetInt32(), done.GetProperty("failed").GetInt32()));
        var lines = await AllLinesAsync(t, id, tenant.Admin);
        Assert.Equal(Enumerable.Range(1, Accounts), lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.All(lines, l => Assert.True(l.GetProperty("created").GetBoolean(), $"line {l.GetProperty("line").GetInt32()} was not adopted"));
        Assert.Equal(roles.Select(r => r.Role).Order(StringComparer.Ordinal), lines.Select(l => l.GetProperty("username").GetString()));
        foreach (var i in new[] { 0, Accounts / 2, Accounts - 1 })
        {
            Assert.Equal(roles[i].Role, (await Api.GetAsync($"{t}/accounts/found-{i:D3}", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("username"));
            Assert.False(await PostgresRoles.CanLogInAsync(roles[i].Role, roles[i].Password), $"{roles[i].Role} kept the password nobody manages");
        }

        var listed = (await Api.GetAsync($"{t}/accounts?prefix=found-&limit=500", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Accounts, listed.Json.GetProperty("accounts").GetArrayLength());
    }

    [Fact]
    public async Task An_adoption_refuses_a_taken_id_for_its_account_alone_leaves_that_password_and_answers_only_its_tenants_admins()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var other = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        await CreateTargetAsync(t, tenant.Admin, null);
        var (owner, ownerPassword) = await PostgresRoles.CreateAsync("e2e_owner");
        var (stranger, strangerPassword) = await PostgresRoles.CreateAsync("e2e_stranger");
        var (found, foundPassword) = await PostgresRoles.CreateAsync("e2e_found");
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "pg", username = owner, password = ownerPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);

        (await Api.PostAsync($"{t}/targets/pg/adopt", new { accounts = Array.Empty<object>() }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.PostAsync($"{t}/targets/pg/adopt", new { accounts = new[] { new { username = found, id = "a" }, new { username = found, id = "b" } } }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.PostAsync($"{t}/targets/pg/adopt", new { accounts = new[] { new { username = found, id = "found" } } }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        var id = (await Api.PostAsync($"{t}/targets/pg/adopt", new { accounts = new[] { new { username = stranger, id = "owner" }, new { username = found, id = "found" } } }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Accepted).Text("id");

        (await Api.GetAsync($"/api/t/{other.Id}/imports/{id}", other.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.GetAsync($"{t}/imports/{id}", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        var done = await PollAsync(t, id, tenant.Admin, job => job.GetProperty("status").GetString() == "completed");
        Assert.Equal((1, 1), (done.GetProperty("created").GetInt32(), done.GetProperty("failed").GetInt32()));
        var lines = await AllLinesAsync(t, id, tenant.Admin);
        var taken = lines.Single(l => l.GetProperty("username").GetString() == stranger);
        Assert.Equal(("owner", false, "exists"), (taken.GetProperty("accountId").GetString(), taken.GetProperty("created").GetBoolean(), taken.GetProperty("problem").GetProperty("code").GetString()));
        Assert.True(await PostgresRoles.CanLogInAsync(stranger, strangerPassword), "a refused adoption changed the account's password");
        Assert.False(await PostgresRoles.CanLogInAsync(found, foundPassword));
        Assert.Equal(found, (await Api.GetAsync($"{t}/accounts/found", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("username"));
        Assert.Equal(owner, (await Api.GetAsync($"{t}/accounts/owner", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("username"));
    }

    private async Task CreateTargetAsync(string t, string admin, object? rateLimit)
    {
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword, rateLimit }, admin))
            .ShouldBe(HttpStatusCode.Created);
    }

    private async Task<List<JsonElement>> AllLinesAsync(string t, string id, string token)
    {
        var lines = new List<JsonElement>();
        for (int? after = 0; after is { } from;)
        {
            var page = (await Api.GetAsync($"{t}/imports/{id}?after={from}&limit=120", token)).ShouldBe(HttpStatusCode.OK);
            lines.AddRange(page.Json.GetProperty("lines").EnumerateArray().Select(l => l.Clone()));
            after = page.Json.GetProperty("next").ValueKind == JsonValueKind.Number ? page.Json.GetProperty("next").GetInt32() : null;
        }

        return lines;
    }

    private async Task<JsonElement> PollAsync(string t, string id, string token, Func<JsonElement, bool> condition) =>
        await Eventually.Async(async () =>
        {
            // While the silo restarts the Frontend answers 503; that is a poll to repeat, not a failure.
            var response = await Api.GetAsync($"{t}/imports/{id}?limit=1", token);
            return response.Status == HttpStatusCode.OK ? response.Json : default;
        }, job => job.ValueKind == JsonValueKind.Object && condition(job), Patience);
}
