using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Trust on first use and strict host key checking over HTTP against the real processes. The target is registered
/// through a loopback proxy in front of the private sshd; switching the proxy to a second sshd with a fresh host key
/// (same users, like a reinstalled server or an impostor) is the key change.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class SshHostKeyPinningTests(KagiDeployment kagi) : IDisposable
{
    private readonly LinuxUsers _users = new();

    private KagiApi Api => kagi.Api;

    public void Dispose() => _users.Dispose();

    [Fact]
    public async Task A_target_pins_the_key_seen_at_registration_and_a_changed_key_stops_it_until_an_admin_re_pins()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/alice/profile", new { email = "alice@acme.test" }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        await using var proxy = new FlakyTcpProxy(TestEnvironment.SshHost, TestEnvironment.SshPort);
        var original = "SHA256:" + TestEnvironment.SshHostKeySha256;
        var (user, password) = _users.Create();
        var notTheKey = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');

        var mispinned = (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new
        {
            id = "mispinned", kind = "ssh", host = TestEnvironment.SshHost, port = proxy.Port, hostKeySha256 = notTheKey,
            adminUsername = TestEnvironment.SshAdmin, adminPassword = TestEnvironment.SshAdminPassword,
        }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadGateway, "host-key-mismatch");
        Assert.Contains(original, mispinned.Text("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain(TestEnvironment.SshAdminPassword, mispinned.Body, StringComparison.Ordinal);

        var registered = (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new
        {
            id = "linux", kind = "ssh", host = TestEnvironment.SshHost, port = proxy.Port,
            adminUsername = TestEnvironment.SshAdmin, adminPassword = TestEnvironment.SshAdminPassword,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal((original, "active"), (registered.Text("hostKeySha256"), registered.Text("status")));
        Assert.Contains(original, Single(await AuditAsync(tenant, "target.host-key-pinned")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "linux-user", targetId = "linux", username = user, password }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);

        using var rekeyed = await RekeyedSshd.StartAsync();
        proxy.SwitchTo(rekeyed.Port);

        // The rotation fails (and is retried later); discovery and a second rotation are refused without connecting.
        Assert.Equal("pending", (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/linux-user/rotate", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));
        var refused = (await Api.PostAsync($"/api/t/{tenant.Id}/targets/linux/discover", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadGateway, "host-key-mismatch");
        Assert.Equal("pending", (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/linux-user/rotate", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));

        var detail = refused.Text("detail");
        Assert.Contains(original, detail, StringComparison.Ordinal);
        Assert.Contains(rekeyed.HostKeySha256, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(TestEnvironment.SshAdminPassword, refused.Body, StringComparison.Ordinal);
        Assert.True(await LinuxUsers.CanLogInAsync(user, password), "the account's password was not changed");
        // The rekeyed server saw connections dropped in the key exchange: no user was named, no password tried.
        Assert.DoesNotContain(TestEnvironment.SshAdmin, rekeyed.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(user, rekeyed.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("password", rekeyed.Log, StringComparison.OrdinalIgnoreCase);

        var mismatch = Single(await AuditAsync(tenant, "target.host-key-mismatch"));
        Assert.Contains(rekeyed.HostKeySha256, mismatch.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var alerts = (await Api.GetAsync($"/api/t/{tenant.Id}/notifications", tenant.Admin)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("deliveries").EnumerateArray().Where(d => d.GetProperty("event").GetString() == "target.host-key-mismatch").ToList();
        Assert.Equal("alice@acme.test", Single(alerts).GetProperty("recipient").GetString());
        var period = $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";
        var reconciliation = (await Api.GetAsync($"/api/t/{tenant.Id}/reports/reconciliation?{period}", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(reconciliation.Json.GetProperty("unreconciled").EnumerateArray(),
            line => line.GetString()!.StartsWith("target linux:", StringComparison.Ordinal) && line.GetString()!.Contains(rekeyed.HostKeySha256, StringComparison.Ordinal));

        // Re-pinning: admins only, a well-formed fingerprint, and only the key the server really presents now.
        var pin = $"/api/t/{tenant.Id}/targets/linux/host-key";
        (await Api.PostAsync(pin, new { hostKeySha256 = rekeyed.HostKeySha256 }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.PostAsync(pin, new { hostKeySha256 = "SHA256:not-a-fingerprint" }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        var wrong = (await Api.PostAsync(pin, new { hostKeySha256 = original }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadGateway, "host-key-mismatch");
        Assert.Contains(rekeyed.HostKeySha256, wrong.Text("detail"), StringComparison.Ordinal);
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets/linux/discover", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadGateway, "host-key-mismatch");

        var repinned = (await Api.PostAsync(pin, new { hostKeySha256 = rekeyed.HostKeySha256 }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((rekeyed.HostKeySha256, "active"), (repinned.Text("hostKeySha256"), repinned.Text("status")));
        Assert.Equal("completed", (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/linux-user/rotate", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));
        Assert.False(await LinuxUsers.CanLogInAsync(user, password), "after re-pinning the rotation changed the password");

        var pinAudits = await AuditAsync(tenant, "target.host-key");
        Assert.Contains(pinAudits, e => e.GetProperty("result").GetString() == "success" && e.GetProperty("detail").GetString()!.Contains(rekeyed.HostKeySha256, StringComparison.Ordinal));
        Assert.Contains(pinAudits, e => e.GetProperty("result").GetString() == "failure");
        Assert.Single(await AuditAsync(tenant, "target.host-key-mismatch"));
    }

    private static JsonElement Single(List<JsonElement> elements) => Assert.Single(elements);

    private async Task<List<JsonElement>> AuditAsync(TenantScript tenant, string action) =>
        [.. (await Api.GetAsync($"/api/t/{tenant.Id}/audit/export?format=jsonl", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Body
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("action").GetString() == action)];
}
