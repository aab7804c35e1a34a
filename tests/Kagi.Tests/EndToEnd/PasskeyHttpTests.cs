using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Passkeys (WebAuthn) over HTTP against the real Silo and Frontend, answered by a software authenticator.</summary>
[Collection(ThirdKagiDeploymentGroup.Name)]
public sealed class PasskeyHttpTests(KagiDeployment kagi)
{
    private static readonly string[] User = ["user"];
    private KagiApi Api => kagi.Api;

    /// <summary>The origin people reach the Frontend at (KAGI_PUBLIC_URL defaults to the first of KAGI_URLS).</summary>
    private string Origin => Api.BaseAddress.GetLeftPart(UriPartial.Authority);

    private async Task<JsonObject> CreateAsync(TenantScript tenant, string token, SoftwareAuthenticator authenticator, string? origin = null, string? rpId = null)
    {
        var options = (await Api.PostAsync($"/api/t/{tenant.Id}/me/passkeys/options", new { currentPassword = TenantScript.UserPassword }, token)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("none", options.Text("attestation"));
        return authenticator.Create(options.Json, origin ?? Origin, rpId);
    }

    private async Task<string> RegisterAsync(TenantScript tenant, string token, SoftwareAuthenticator authenticator, string name)
    {
        var credential = await CreateAsync(tenant, token, authenticator);
        var created = (await Api.PostAsync($"/api/t/{tenant.Id}/me/passkeys", new { name, credential }, token)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(name, created.Text("name"));
        return created.Text("id");
    }

    private async Task<JsonObject> AssertAsync(string tenant, SoftwareAuthenticator authenticator, string username = "bob", string? origin = null, string? rpId = null)
    {
        var options = (await Api.PostAsync($"/api/t/{tenant}/auth/passkey/options", new { username }, null)).ShouldBe(HttpStatusCode.OK);
        // Alike for every username: no credential ids that would tell a name exists.
        Assert.True(!options.Json.TryGetProperty("allowCredentials", out var allowed) || allowed.GetArrayLength() == 0);
        return authenticator.Get(options.Json, origin ?? Origin, rpId);
    }

    private Task<ApiResponse> LoginAsync(string tenant, object body) => Api.PostAsync($"/api/t/{tenant}/auth/login", body, null);

    private async Task<List<JsonElement>> AuditAsync(TenantScript tenant) =>
        [.. (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray()];

    [Fact]
    public async Task A_registered_passkey_is_the_second_factor_its_challenge_is_used_once_and_a_deleted_one_no_longer_signs_in()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        using var laptop = new SoftwareAuthenticator();
        using var phone = new SoftwareAuthenticator();
        var laptopId = await RegisterAsync(tenant, tenant.Bob, laptop, "Laptop");
        await RegisterAsync(tenant, tenant.Bob, phone, "Phone");
        var listed = (await Api.GetAsync($"/api/t/{tenant.Id}/me/passkeys", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["Laptop", "Phone"], listed.Json.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(SoftwareAuthenticator.Aaguid, listed.Json[0].GetProperty("aaguid").GetGuid());

        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword })).ShouldBeProblem(HttpStatusCode.Unauthorized, "mfa-required");
        var assertion = await AssertAsync(tenant.Id, laptop);
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = assertion })).ShouldBe(HttpStatusCode.OK);
        // The same answer again: its challenge was taken by the first sign-in.
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = assertion })).ShouldBeProblem(HttpStatusCode.Unauthorized, "mfa-required");

        (await Api.SendAsync(HttpMethod.Delete, $"/api/t/{tenant.Id}/me/passkeys/{laptopId}", null, tenant.Bob)).ShouldBe(HttpStatusCode.NoContent);
        Assert.Single((await Api.GetAsync($"/api/t/{tenant.Id}/me/passkeys", tenant.Bob)).ShouldBe(HttpStatusCode.OK).Json.EnumerateArray());
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = await AssertAsync(tenant.Id, laptop) }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "mfa-required");
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = await AssertAsync(tenant.Id, phone) })).ShouldBe(HttpStatusCode.OK);

        var audit = await AuditAsync(tenant);
        Assert.Equal(2, audit.Count(e => e.GetProperty("detail").GetString()?.StartsWith("reason=password+passkey; risk=", StringComparison.Ordinal) == true));
        Assert.Equal(2, audit.Count(e => e.GetProperty("detail").GetString()?.StartsWith("reason=wrong-passkey", StringComparison.Ordinal) == true));
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "user.passkey.delete" && e.GetProperty("subject").GetString() == laptopId);
    }

    [Fact]
    public async Task Answers_made_for_another_origin_or_rp_id_are_refused_at_registration_and_at_sign_in()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        using var authenticator = new SoftwareAuthenticator();
        foreach (var (origin, rpId) in new[] { ("https://kagi.example.net", (string?)null), (null, "kagi.example.net") })
        {
            var credential = await CreateAsync(tenant, tenant.Bob, authenticator, origin, rpId);
            (await Api.PostAsync($"/api/t/{tenant.Id}/me/passkeys", new { name = "Phished", credential }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        }

        Assert.Empty((await Api.GetAsync($"/api/t/{tenant.Id}/me/passkeys", tenant.Bob)).ShouldBe(HttpStatusCode.OK).Json.EnumerateArray());
        await RegisterAsync(tenant, tenant.Bob, authenticator, "Laptop");
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = await AssertAsync(tenant.Id, authenticator, origin: "https://kagi.example.net") }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "mfa-required");
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = await AssertAsync(tenant.Id, authenticator, rpId: "kagi.example.net") }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "mfa-required");
        // A registration answer needs its own challenge too: none was begun, so none is accepted.
        using var another = new SoftwareAuthenticator();
        var stale = another.Create(JsonDocument.Parse("""{"challenge":"AAAA","user":{"id":"AAAA"},"rp":{"id":"127.0.0.1"}}""").RootElement, Origin);
        (await Api.PostAsync($"/api/t/{tenant.Id}/me/passkeys", new { name = "Again", credential = stale }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Conflict, "invalid-state");
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = await AssertAsync(tenant.Id, authenticator) })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_counter_that_goes_back_is_refused_as_a_cloned_passkey_audited_and_told_to_the_user()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        using var authenticator = new SoftwareAuthenticator();
        await RegisterAsync(tenant, tenant.Bob, authenticator, "Laptop");
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = await AssertAsync(tenant.Id, authenticator) })).ShouldBe(HttpStatusCode.OK);

        authenticator.Counter = 0;
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = await AssertAsync(tenant.Id, authenticator) }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "mfa-required");

        var audit = await AuditAsync(tenant);
        var alert = Assert.Single(audit, e => e.GetProperty("action").GetString() == "auth.passkey-cloned");
        Assert.Equal(("alert", "bob"), (alert.GetProperty("result").GetString(), alert.GetProperty("subject").GetString()));
        Assert.Contains(audit, e => e.GetProperty("detail").GetString()?.StartsWith("reason=passkey-counter-regressed", StringComparison.Ordinal) == true);
        var notices = (await Api.GetAsync($"/api/t/{tenant.Id}/me/notices", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("passkey-cloned", notices.Json[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_role_that_must_use_a_passkey_has_totp_refused_and_cannot_remove_its_last_passkey()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/mfa", new { requiredForEveryone = false, requiredForRoles = Array.Empty<string>(), passkeyRequiredForRoles = User }, tenant.Admin))
            .ShouldBe(HttpStatusCode.OK);
        var enrolment = (await Api.PostAsync($"/api/t/{tenant.Id}/me/mfa/totp", new { currentPassword = TenantScript.UserPassword }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var secret = enrolment.Text("secret");
        var now = DateTimeOffset.UtcNow;
        (await Api.PostAsync($"/api/t/{tenant.Id}/me/mfa/totp/confirm", new { code = await OathTool.TotpAsync(secret, now) }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);

        // TOTP alone lets bob in only to register the passkey his role needs.
        var restricted = (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, totp = await OathTool.TotpAsync(secret, now.AddSeconds(30)) }))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal("enrol-mfa", restricted.Text("restriction"));
        using var authenticator = new SoftwareAuthenticator();
        var id = await RegisterAsync(tenant, restricted.Text("token"), authenticator, "Laptop");

        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, totp = await OathTool.TotpAsync(secret, now.AddSeconds(60)) }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "mfa-required");
        var signedIn = (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, passkey = await AssertAsync(tenant.Id, authenticator) })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, signedIn.Json.GetProperty("restriction").ValueKind);
        (await Api.SendAsync(HttpMethod.Delete, $"/api/t/{tenant.Id}/me/passkeys/{id}", null, signedIn.Text("token"))).ShouldBeProblem(HttpStatusCode.Conflict, "invalid-state");

        var audit = await AuditAsync(tenant);
        Assert.Contains(audit, e => e.GetProperty("detail").GetString()?.StartsWith("reason=passkey-required", StringComparison.Ordinal) == true);
    }
}
