using System.Net;
using System.Text;
using Azure.Data.Tables;
using Kagi.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>The Idempotency-Key header over HTTP: a repeat is answered as the first without acting twice.</summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class IdempotencyKeyHttpTests(KagiDeployment kagi)
{
    private static readonly string[] UserRoles = ["user"];
    private static readonly string[] AdminRoles = ["admin"];

    private KagiApi Api => kagi.Api;

    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    [Fact]
    public async Task The_whole_access_loop_sent_twice_with_the_same_keys_acts_once_and_answers_the_first_answers_again()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var role = await RegisterAccountAsync(tenant);
        var window = new { accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "once" };

        var submitted = await TwiceAsync($"/api/t/{tenant.Id}/requests", window, tenant.Bob, "submit-1", HttpStatusCode.Created);
        var requestId = submitted.Text("id");
        var mine = (await Api.GetAsync($"/api/t/{tenant.Id}/requests?mine=true", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Single(mine.Json.GetProperty("items").EnumerateArray());

        await TwiceAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", new { comment = "go" }, tenant.Carol, "approve-1", HttpStatusCode.OK);
        var checkout = await TwiceAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob, "checkout-1", HttpStatusCode.OK);
        var password = checkout.Text("password");
        Assert.True(await PostgresRoles.CanLogInAsync(role, password));
        Assert.False(await GrainStateHoldsAsync(password), "the kept check-out answer is sealed, its password is nowhere in plaintext");

        await TwiceAsync($"/api/t/{tenant.Id}/accounts/owner/checkin", null, tenant.Bob, "checkin-1", HttpStatusCode.OK);
        var before = await RotationsAsync(tenant);
        await TwiceAsync($"/api/t/{tenant.Id}/accounts/owner/rotate", null, tenant.Admin, "rotate-1", HttpStatusCode.OK);
        Assert.Equal(before + 1, await RotationsAsync(tenant));

        var audit = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?actor=bob&result=success&limit=100", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Single(audit.Json.GetProperty("events").EnumerateArray(), e => e.GetProperty("action").GetString() == "request.create");
        Assert.Single(audit.Json.GetProperty("events").EnumerateArray(), e => e.GetProperty("action").GetString() == "account.checkout");
    }

    [Fact]
    public async Task A_user_and_an_account_created_twice_with_one_key_are_created_once()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var user = new { username = "erin", password = TenantScript.UserPassword, roles = UserRoles };
        await TwiceAsync($"/api/t/{tenant.Id}/users", user, tenant.Admin, "user-erin", HttpStatusCode.Created);
        await RegisterAccountAsync(tenant, key: "account-owner");

        var audit = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?actor=alice&result=success&limit=100", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Single(audit.Json.GetProperty("events").EnumerateArray(), e => e.GetProperty("action").GetString() == "user.create" && e.GetProperty("subject").GetString() == "erin");
        Assert.Single(audit.Json.GetProperty("events").EnumerateArray(), e => e.GetProperty("action").GetString() == "account.create");
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_nothing_is_done()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var path = $"/api/t/{tenant.Id}/users";
        (await Api.SendAsync(HttpMethod.Post, path, new { username = "frank", password = TenantScript.UserPassword, roles = UserRoles }, tenant.Admin, Key("k-1")))
            .ShouldBe(HttpStatusCode.Created);

        (await Api.SendAsync(HttpMethod.Post, path, new { username = "grace", password = TenantScript.UserPassword, roles = UserRoles }, tenant.Admin, Key("k-1")))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        (await Api.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "grace", password = TenantScript.UserPassword }, null)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");

        // Keys are the caller's own: another admin's same key is another key.
        (await Api.PostAsync(path, new { username = "heidi", password = TenantScript.AdminPassword, roles = AdminRoles }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var heidi = await Api.LoginAsync(tenant.Id, "heidi", TenantScript.AdminPassword);
        (await Api.SendAsync(HttpMethod.Post, path, new { username = "grace", password = TenantScript.UserPassword, roles = UserRoles }, heidi, Key("k-1")))
            .ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_duplicate_sent_while_the_first_is_running_is_told_409_and_the_first_answer_is_replayed_after()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var role = await RegisterAccountAsync(tenant);

        // An open transaction holding the role's catalog row makes Kagi's ALTER ROLE wait on the target.
        await using var blocker = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var format = new NpgsqlCommand("SELECT format('ALTER ROLE %I PASSWORD %L', @role, 'Blocker-Pass-1')", blocker, transaction))
        {
            format.Parameters.AddWithValue("role", role);
            await using var alter = new NpgsqlCommand((string)(await format.ExecuteScalarAsync())!, blocker, transaction);
            await alter.ExecuteNonQueryAsync();
        }

        var path = $"/api/t/{tenant.Id}/accounts/owner/rotate";
        var first = Api.SendAsync(HttpMethod.Post, path, null, tenant.Admin, Key("rotate-slow"));
        await Eventually.Async(AlterRoleIsBlockedAsync, blocked => blocked, TimeSpan.FromSeconds(60));

        (await Api.SendAsync(HttpMethod.Post, path, null, tenant.Admin, Key("rotate-slow"))).ShouldBeProblem(HttpStatusCode.Conflict, "idempotency-key-in-use");
        await transaction.RollbackAsync();
        var answered = (await first).ShouldBe(HttpStatusCode.OK);
        var replayed = (await Api.SendAsync(HttpMethod.Post, path, null, tenant.Admin, Key("rotate-slow"))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(answered.Body, replayed.Body);
        Assert.Equal("true", replayed.Headers["Idempotent-Replayed"]);
    }

    [Fact]
    public async Task A_malformed_key_or_one_on_a_route_without_a_tenant_is_refused()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var user = new { username = "ivan", password = TenantScript.UserPassword, roles = UserRoles };

        (await Api.SendAsync(HttpMethod.Post, $"/api/t/{tenant.Id}/users", user, tenant.Admin, Key(new string('k', 256)))).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendAsync(HttpMethod.Post, $"/api/t/{tenant.Id}/users", user, tenant.Admin, Key("with space"))).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendAsync(HttpMethod.Post, "/api/keys/rotate", null, Api.OperatorToken, Key("kek-1"))).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
    }

    /// <summary>Sends the POST twice with one key; both answers must be the same, the second marked replayed.</summary>
    private async Task<ApiResponse> TwiceAsync(string path, object? body, string token, string key, HttpStatusCode expected)
    {
        var first = (await Api.SendAsync(HttpMethod.Post, path, body, token, Key(key))).ShouldBe(expected);
        var second = (await Api.SendAsync(HttpMethod.Post, path, body, token, Key(key))).ShouldBe(expected);
        Assert.Equal(first.Body, second.Body);
        Assert.False(first.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers["Idempotent-Replayed"]);
        return first;
    }

    private async Task<string> RegisterAccountAsync(TenantScript tenant, string? key = null)
    {
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("e2e_owner");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        var account = new { id = "owner", targetId = "pg", username = role, password };
        if (key is null)
        {
            (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", account, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        }
        else
        {
            await TwiceAsync($"/api/t/{tenant.Id}/accounts", account, tenant.Admin, key, HttpStatusCode.Created);
        }

        return role;
    }

    private async Task<int> RotationsAsync(TenantScript tenant) =>
        (await Api.GetAsync($"/api/t/{tenant.Id}/accounts/owner/rotations", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("rotations").GetArrayLength();

    private static async Task<bool> AlterRoleIsBlockedAsync()
    {
        await using var monitor = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await monitor.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'ALTER ROLE%'", monitor);
        return (long)(await query.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Whether any stored grain state (idempotency records included) holds the text as UTF-8.</summary>
    private static async Task<bool> GrainStateHoldsAsync(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var table = new TableClient(TestEnvironment.StorageConnection, Kagi.Hosting.KagiStorage.GrainRowsTable);
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            foreach (var (_, value) in entity)
            {
                var bytes = value switch
                {
                    byte[] binary => binary,
                    string s => Encoding.UTF8.GetBytes(s),
                    _ => null,
                };
                if (bytes is not null && bytes.AsSpan().IndexOf(needle) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
