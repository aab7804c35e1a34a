using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Targets of kind <c>ssh</c> and <c>ldap</c> over HTTP against the real Silo and Frontend processes and the
/// private sshd and slapd: registration with their optional fields, an account on each, and a rotation that
/// really changes the password on the target.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class ConnectorTargetsOverHttpTests(KagiDeployment kagi) : IDisposable
{
    private readonly LinuxUsers _users = new();
    private readonly LdapDirectory _directory = new();

    private KagiApi Api => kagi.Api;

    public void Dispose()
    {
        _users.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Ssh_and_ldap_targets_register_over_http_and_rotation_changes_the_password_on_the_target()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (linuxUser, linuxPassword) = _users.Create();
        var uid = LdapDirectory.NewUid();
        var (dn, ldapPassword) = _directory.Create(uid);

        var ssh = (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new
        {
            id = "linux", kind = "ssh", host = TestEnvironment.SshHost, port = TestEnvironment.SshPort,
            adminUsername = TestEnvironment.SshAdmin, adminPassword = TestEnvironment.SshAdminPassword,
            authLogPath = TestEnvironment.SshAuthLog, hostKeySha256 = TestEnvironment.SshHostKeySha256,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var ldap = (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new
        {
            id = "directory", kind = "ldap", host = LdapDirectory.Host, port = TestEnvironment.LdapsPort, tls = "ldaps",
            adminUsername = TestEnvironment.LdapBindDn, adminPassword = TestEnvironment.LdapPassword, baseDn = TestEnvironment.LdapBaseDn,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("ldaps", ldap.Text("tls"));
        Assert.Equal(TestEnvironment.SshAuthLog, ssh.Text("authLogPath"));
        Assert.Equal(TestEnvironment.LdapBaseDn, ldap.Text("baseDn"));
        Assert.DoesNotContain(TestEnvironment.SshAdminPassword, ssh.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(TestEnvironment.LdapPassword, ldap.Body, StringComparison.Ordinal);

        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "linux-user", targetId = "linux", username = linuxUser, password = linuxPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "ldap-user", targetId = "directory", username = uid, password = ldapPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);

        Assert.Equal("completed", (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/linux-user/rotate", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));
        Assert.Equal("completed", (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/ldap-user/rotate", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));

        Assert.False(await LinuxUsers.CanLogInAsync(linuxUser, linuxPassword), "after rotation the old Linux password no longer logs in");
        Assert.False(LdapDirectory.CanBind(dn, ldapPassword), "after rotation the old LDAP password no longer binds");
    }

    [Fact]
    public async Task An_ssh_target_with_a_relative_auth_log_path_or_an_unknown_tls_mode_is_refused_with_a_problem()
    {
        var tenant = await TenantScript.OpenAsync(Api);

        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new
        {
            id = "linux", kind = "ssh", host = TestEnvironment.SshHost, port = TestEnvironment.SshPort,
            adminUsername = TestEnvironment.SshAdmin, adminPassword = TestEnvironment.SshAdminPassword, authLogPath = "var/log/auth.log",
        }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new
        {
            id = "directory", kind = "ldap", host = LdapDirectory.Host, port = LdapDirectory.Port, tls = "tls13",
            adminUsername = TestEnvironment.LdapBindDn, adminPassword = TestEnvironment.LdapPassword,
        }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
    }
}
