using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Sign-in that holds, over HTTP against the real Silo and Frontend processes.</summary>
[Collection(ThirdKagiDeploymentGroup.Name)]
public sealed class SignInHttpTests(KagiDeployment kagi)
{
    private const string StrongPassword = "Vault-Keeper-7731-Blue";
    private static readonly string[] Admin = ["admin"];
    private static readonly string[] AdminAndAuditor = ["admin", "auditor"];
    private static readonly string[] Auditor = ["auditor"];
    private static readonly string[] User = ["user"];
    private KagiApi Api => kagi.Api;

    private static Dictionary<string, string> From(string ip, string userAgent = "kagi-tests/1.0") =>
        new() { ["X-Forwarded-For"] = ip, ["User-Agent"] = userAgent };

    private Task<ApiResponse> LoginAsync(string tenant, object body, string ip = "192.0.2.10", string userAgent = "kagi-tests/1.0") =>
        Api.SendAsync(HttpMethod.Post, $"/api/t/{tenant}/auth/login", body, null, From(ip, userAgent));

    private async Task<List<JsonElement>> AuditAsync(TenantScript tenant) =>
        [.. (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray()];

    [Fact]
    public async Task Totp_sign_in_works_with_codes_from_oathtool_and_a_replayed_code_is_refused_audited_and_noticed()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var enrolment = (await Api.PostAsync($"/api/t/{tenant.Id}/me/mfa/totp", new { currentPassword = TenantScript.UserPassword }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var secret = enrolment.Text("secret");
        Assert.Contains("secret=" + secret, enrolment.Text("otpauthUri"), StringComparison.Ordinal);
        Assert.Equal("iVBORw0KGgo", enrolment.Text("qrPng")[..11]);

        var now = DateTimeOffset.UtcNow;
        var confirmed = (await Api.PostAsync($"/api/t/{tenant.Id}/me/mfa/totp/confirm", new { code = await OathTool.TotpAsync(secret, now) }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var recoveryCodes = confirmed.Json.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword })).ShouldBeProblem(HttpStatusCode.Unauthorized, "mfa-required");
        var code = await OathTool.TotpAsync(secret, now.AddSeconds(30));
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, totp = code })).ShouldBe(HttpStatusCode.OK);
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, totp = code })).ShouldBeProblem(HttpStatusCode.Unauthorized, "mfa-required");
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword, recoveryCode = recoveryCodes[0] })).ShouldBe(HttpStatusCode.OK);

        var notices = (await Api.GetAsync($"/api/t/{tenant.Id}/me/notices", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("totp-replay", notices.Json[0].GetProperty("kind").GetString());
        var audit = await AuditAsync(tenant);
        var replay = Assert.Single(audit, e => e.GetProperty("detail").GetString()?.Contains("reason=totp-replay", StringComparison.Ordinal) == true);
        Assert.Equal(("bob", "auth.login", "failure", "192.0.2.10"), (replay.GetProperty("actor").GetString(), replay.GetProperty("action").GetString(), replay.GetProperty("result").GetString(), replay.GetProperty("ipAddress").GetString()));
        Assert.Contains(audit, e => e.GetProperty("detail").GetString()!.StartsWith("reason=password+totp; risk=", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.GetProperty("detail").GetString()!.StartsWith("reason=password+recovery-code; risk=", StringComparison.Ordinal));
        var body = string.Join("\n", audit.Select(e => e.ToString()));
        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(code, body, StringComparison.Ordinal);
        Assert.DoesNotContain(recoveryCodes[0], body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_locked_account_answers_423_with_retry_after_whatever_the_password_and_an_admin_unlock_lets_the_user_in()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/lockout", new
        {
            threshold = 3, durationSeconds = 600, maximumDurationSeconds = 3600, sprayUsers = 10, sprayWindowSeconds = 600, sprayBlockSeconds = 900,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        for (var i = 0; i < 2; i++)
        {
            (await LoginAsync(tenant.Id, new { username = "bob", password = "Wrong-Password-000" })).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        var locked = (await LoginAsync(tenant.Id, new { username = "bob", password = "Wrong-Password-000" })).ShouldBeProblem(HttpStatusCode.Locked, "locked");
        var right = (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword })).ShouldBeProblem(HttpStatusCode.Locked, "locked");

        Assert.InRange(locked.RetryAfter!.Value, TimeSpan.FromSeconds(590), TimeSpan.FromSeconds(600));
        Assert.NotNull(right.RetryAfter);
        Assert.Equal(locked.Json.GetProperty("detail").GetString(), right.Json.GetProperty("detail").GetString());
        (await Api.PostAsync($"/api/t/{tenant.Id}/users/bob/unlock", null, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.PostAsync($"/api/t/{tenant.Id}/users/bob/unlock", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword })).ShouldBe(HttpStatusCode.OK);

        var details = (await AuditAsync(tenant)).Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("result").GetString()} {e.GetProperty("detail").GetString()}").ToList();
        Assert.Contains("auth.login failure reason=wrong-password;locked; ua=kagi-tests/1.0; locked", details);
        // A locked account is refused before the password is checked, so it is not even scored.
        Assert.Contains("auth.login failure reason=locked; ua=kagi-tests/1.0; locked", details);
        Assert.Contains("user.unlock success ", details);
        Assert.Contains(details, d => d.StartsWith("settings.lockout success threshold 3, duration 600s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Spraying_many_usernames_from_one_address_gets_429_with_retry_after_for_that_address_only()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/lockout", new
        {
            threshold = 5, durationSeconds = 900, maximumDurationSeconds = 3600, sprayUsers = 4, sprayWindowSeconds = 600, sprayBlockSeconds = 300,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            (await LoginAsync(tenant.Id, new { username = name, password = "Spring-Password-2030" }, "203.0.113.50")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        var blocked = (await LoginAsync(tenant.Id, new { username = "dave", password = "Spring-Password-2030" }, "203.0.113.50")).ShouldBeProblem(HttpStatusCode.TooManyRequests, "source-blocked");
        (await LoginAsync(tenant.Id, new { username = "dave", password = TenantScript.UserPassword }, "203.0.113.50")).ShouldBeProblem(HttpStatusCode.TooManyRequests, "source-blocked");
        (await LoginAsync(tenant.Id, new { username = "dave", password = TenantScript.UserPassword }, "203.0.113.51")).ShouldBe(HttpStatusCode.OK);

        Assert.InRange(blocked.RetryAfter!.Value, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));
        Assert.Contains(await AuditAsync(tenant), e => e.GetProperty("ipAddress").GetString() == "203.0.113.50"
            && e.GetProperty("detail").GetString()!.StartsWith("reason=source-blocked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Allow_lists_apply_to_sign_in_and_every_call_with_ipv6_and_forwarded_headers_believed_only_from_trusted_proxies()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var path = $"/api/t/{tenant.Id}/settings/ip-allowlist";
        var office = new { cidrs = new[] { "2001:db8:1::/48", "198.51.100.0/24" } };

        // Alice calls from 127.0.0.1 (no header): the list would shut her out, so it needs force.
        (await Api.SendAsync(HttpMethod.Put, path, office, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Conflict, "self-lockout");
        (await Api.SendAsync(HttpMethod.Put, path, office, tenant.Admin, From("2001:db8:1::10"))).ShouldBe(HttpStatusCode.OK);

        var audit = $"/api/t/{tenant.Id}/audit?limit=5";
        (await Api.SendAsync(HttpMethod.Get, audit, null, tenant.Dave, From("2001:db8:1:ffff::1"))).ShouldBe(HttpStatusCode.OK);
        (await Api.SendAsync(HttpMethod.Get, audit, null, tenant.Dave, From("198.51.100.200"))).ShouldBe(HttpStatusCode.OK);
        (await Api.SendAsync(HttpMethod.Get, audit, null, tenant.Dave, From("2001:db8:2::1"))).ShouldBeProblem(HttpStatusCode.Forbidden, "ip-not-allowed");
        (await Api.GetAsync(audit, tenant.Dave)).ShouldBeProblem(HttpStatusCode.Forbidden, "ip-not-allowed");
        // An untrusted hop (203.0.113.9) claiming its client is inside the list is not believed.
        (await Api.SendAsync(HttpMethod.Get, audit, null, tenant.Dave, From("2001:db8:1::10, 203.0.113.9"))).ShouldBeProblem(HttpStatusCode.Forbidden, "ip-not-allowed");

        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword }, "203.0.113.9")).ShouldBeProblem(HttpStatusCode.Forbidden, "ip-not-allowed");
        (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword }, "2001:db8:1::99")).ShouldBe(HttpStatusCode.OK);

        // The operator can always reset a list that locked a tenant out.
        (await Api.SendAsync(HttpMethod.Delete, path, null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.SendAsync(HttpMethod.Delete, path, null, Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);
        (await Api.GetAsync(audit, tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var events = (await AuditAsync(tenant)).Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("result").GetString()} {e.GetProperty("ipAddress").GetString()}").ToList();
        Assert.Contains("kagi:operator settings.ip-allowlist.reset success 127.0.0.1", events);
        Assert.Contains("alice settings.ip-allowlist success 2001:db8:1::10", events);
        Assert.Contains("alice settings.ip-allowlist failure 127.0.0.1", events);
        Assert.Contains("dave audit.read failure 2001:db8:2::1", events);
    }

    [Fact]
    public async Task Logout_ends_a_session_and_a_password_change_ends_the_others_on_another_silo_and_frontend()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var other = await kagi.SecondNodeAsync();
        var second = await Api.LoginAsync(tenant.Id, "bob", TenantScript.UserPassword);
        var account = $"/api/t/{tenant.Id}/me/api-tokens";
        (await other.GetAsync(account, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        (await other.GetAsync(account, second)).ShouldBe(HttpStatusCode.OK);

        (await Api.PostAsync($"/api/t/{tenant.Id}/auth/logout", null, second)).ShouldBe(HttpStatusCode.NoContent);
        // The other Frontend may have kept the session's answer for up to a second (RecentAnswers), no longer.
        await Revocation.ShouldBeRefusedWithinASecondAsync(() => other.GetAsync(account, second), Stopwatch.GetTimestamp(), HttpStatusCode.Unauthorized, "unauthenticated");

        (await Api.PostAsync($"/api/t/{tenant.Id}/me/password", new { currentPassword = TenantScript.UserPassword, newPassword = "password1234" }, tenant.Bob))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "password-rejected");
        (await other.GetAsync(account, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/t/{tenant.Id}/me/password", new { currentPassword = TenantScript.UserPassword, newPassword = StrongPassword }, tenant.Bob)).ShouldBe(HttpStatusCode.NoContent);

        // By the time the change is answered no silo accepts the token and this Frontend refuses it at once; the other
        // Frontend within a second.
        var changedAt = Stopwatch.GetTimestamp();
        (await Api.GetAsync(account, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        await Revocation.ShouldBeRefusedWithinASecondAsync(() => other.GetAsync(account, tenant.Bob), changedAt, HttpStatusCode.Unauthorized, "unauthenticated");
        (await other.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "bob", password = StrongPassword }, null)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Api_tokens_are_shown_once_hold_only_their_roles_expire_and_are_revocable()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "erin", password = TenantScript.UserPassword, roles = AdminAndAuditor }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var erin = await Api.LoginAsync(tenant.Id, "erin", TenantScript.UserPassword);
        var tokens = $"/api/t/{tenant.Id}/me/api-tokens";

        var created = (await Api.PostAsync(tokens, new { name = "siem-export", roles = Auditor, expiresAt = DateTimeOffset.UtcNow.AddDays(30), currentPassword = TenantScript.UserPassword }, erin)).ShouldBe(HttpStatusCode.Created);
        var token = created.Text("token");
        var shortLived = (await Api.PostAsync(tokens, new { name = "short", roles = Auditor, expiresAt = DateTimeOffset.UtcNow.AddSeconds(3), currentPassword = TenantScript.UserPassword }, erin)).ShouldBe(HttpStatusCode.Created).Text("token");

        (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=5", token)).ShouldBe(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "mallory", password = TenantScript.UserPassword, roles = Admin }, token))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.PostAsync(tokens, new { name = "more", roles = Auditor, expiresAt = DateTimeOffset.UtcNow.AddDays(1), currentPassword = TenantScript.UserPassword }, token)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.PostAsync(tokens, new { name = "bad", roles = User, expiresAt = DateTimeOffset.UtcNow.AddDays(1), currentPassword = TenantScript.UserPassword }, erin)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.PostAsync(tokens, new { name = "bad", roles = Auditor, expiresAt = DateTimeOffset.UtcNow.AddDays(-1), currentPassword = TenantScript.UserPassword }, erin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");

        var list = (await Api.GetAsync(tokens, erin)).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(token, list.Body, StringComparison.Ordinal);
        Assert.Contains("siem-export", list.Body, StringComparison.Ordinal);
        await Eventually.Async(() => Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=1", shortLived), r => r.Status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30));

        (await Api.SendAsync(HttpMethod.Delete, $"{tokens}/{created.Text("id")}", null, erin)).ShouldBe(HttpStatusCode.NoContent);
        (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=5", token)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        var audit = string.Join("\n", (await AuditAsync(tenant)).Select(e => e.ToString()));
        Assert.Contains("apitoken.revoke", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(token, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_policy_changes_are_admin_only_audited_and_common_passwords_are_refused()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var path = $"/api/t/{tenant.Id}/settings/password-policy";

        (await Api.SendAsync(HttpMethod.Put, path, new { minimumLength = 16 }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Put, path, new { minimumLength = 8 }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendAsync(HttpMethod.Put, path, new { minimumLength = 16, requireDigit = true, historyCount = 3 }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var read = (await Api.GetAsync(path, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(16, read.Json.GetProperty("minimumLength").GetInt32());
        Assert.Equal(3, read.Json.GetProperty("historyCount").GetInt32());
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "frank", password = "Password1234!", roles = User }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "password-rejected");
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "frank", password = "Vault-Keeper-Blue-Sky", roles = User }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "password-rejected");
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "frank", password = StrongPassword, roles = User }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);

        var audit = (await AuditAsync(tenant)).Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("result").GetString()} {e.GetProperty("detail").GetString()}").ToList();
        Assert.Contains("alice settings.password-policy success min 16, max 128, classes D, history 3, max age none, strength 3, argon2 t=2 m=19MiB", audit);
        // Bob was refused before his request was admitted: his values are not recorded, only the refusal.
        Assert.Contains("bob settings.password-policy failure forbidden", audit);
        Assert.Contains("alice user.create failure roles user; password-rejected", audit);
    }

    [Fact]
    public async Task A_tenant_that_requires_mfa_restricts_a_session_without_it_to_enrolment()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/mfa", new { requiredForEveryone = false, requiredForRoles = User }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        var login = (await LoginAsync(tenant.Id, new { username = "bob", password = TenantScript.UserPassword })).ShouldBe(HttpStatusCode.OK);
        var restricted = login.Text("token");

        Assert.Equal("enrol-mfa", login.Text("restriction"));
        (await Api.GetAsync($"/api/t/{tenant.Id}/requests/x", restricted)).ShouldBeProblem(HttpStatusCode.Forbidden, "step-required");
        (await Api.PostAsync($"/api/t/{tenant.Id}/me/mfa/totp", new { currentPassword = TenantScript.UserPassword }, restricted)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, (await LoginAsync(tenant.Id, new { username = "carol", password = TenantScript.UserPassword })).ShouldBe(HttpStatusCode.OK).Json.GetProperty("restriction").ValueKind);
    }
}
