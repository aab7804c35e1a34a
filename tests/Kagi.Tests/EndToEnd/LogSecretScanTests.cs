using System.Net;
using System.Text.RegularExpressions;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Issue 14: secrets never reach the logs. A whole loop runs against the real processes with Kagi's categories at
/// debug, then everything the silo and the Frontend wrote to stdout and stderr since they started is searched for
/// every secret the loop used or was shown. The same lines must carry the tenant and the request id.
/// </summary>
[Collection(ObservedKagiGroup.Name)]
public sealed class LogSecretScanTests(ObservedKagi kagi)
{
    private static readonly string[] Approver = ["approver"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task A_whole_loop_leaves_no_password_token_totp_secret_or_recovery_code_in_the_logs_which_carry_tenant_and_request_ids()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_scan_admin", "CREATEROLE");
        var (role, initialPassword) = await PostgresRoles.CreateAsync("e2e_scan_owner");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var requestId = (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "log scan" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"{t}/requests/{requestId}/approve", new { comment = "go" }, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var revealed = (await Api.PostAsync($"{t}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("password");
        Assert.True(await PostgresRoles.CanLogInAsync(role, revealed), "the revealed password logs in");
        Assert.Equal("completed", (await Api.PostAsync($"{t}/accounts/owner/checkin", null, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("rotation").GetProperty("status").GetString());
        Assert.Equal("completed", (await Api.PostAsync($"{t}/accounts/owner/rotate", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));

        var enrolment = (await Api.PostAsync($"{t}/me/mfa/totp", new { currentPassword = TenantScript.UserPassword }, tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var totpSecret = enrolment.Text("secret");
        var confirmed = (await Api.PostAsync($"{t}/me/mfa/totp/confirm", new { code = await OathTool.TotpAsync(totpSecret, DateTimeOffset.UtcNow) }, tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var recoveryCodes = confirmed.Json.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        (await Api.PostAsync($"{t}/auth/login", new { username = "dave", password = TenantScript.UserPassword, recoveryCode = recoveryCodes[0] }, null)).ShouldBe(HttpStatusCode.OK);
        var apiToken = (await Api.PostAsync($"{t}/me/api-tokens", new { name = "ci", roles = Approver, expiresAt = DateTimeOffset.UtcNow.AddDays(1), currentPassword = TenantScript.UserPassword }, tenant.Carol))
            .ShouldBe(HttpStatusCode.Created).Text("token");
        (await Api.GetAsync($"{t}/requests", apiToken)).ShouldBe(HttpStatusCode.OK);

        // Six-digit TOTP codes are left out: any timestamp or port may hold six such digits; the secret they come from is searched.
        var secrets = new List<string>
        {
            adminPassword, initialPassword, revealed, TenantScript.AdminPassword, TenantScript.UserPassword,
            tenant.Admin, tenant.Bob, tenant.Carol, tenant.Dave, apiToken, totpSecret, Api.OperatorToken, kagi.Deployment.Settings["KAGI_MASTER_KEY"],
        };
        secrets.AddRange(recoveryCodes);
        var silo = kagi.Deployment.Silo.WholeOutput;
        var frontend = kagi.Deployment.Frontend.WholeOutput;
        foreach (var secret in secrets)
        {
            Assert.False(silo.Contains(secret, StringComparison.Ordinal), $"the silo logged a secret of {secret.Length} characters");
            Assert.False(frontend.Contains(secret, StringComparison.Ordinal), $"the Frontend logged a secret of {secret.Length} characters");
        }

        // What was scanned is the loop's own logging: both processes logged this tenant's requests, with their ids.
        Assert.Matches(RequestScope(tenant.Id), frontend);
        Assert.Matches(RequestScope(tenant.Id), silo);
    }

    private static Regex RequestScope(string tenantId) => new($"tenant={Regex.Escape(tenantId)} request=[^-\\s]", RegexOptions.CultureInvariant);
}
