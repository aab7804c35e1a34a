using Kagi.Errors;
using Kagi.Identity;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// The silo's connector registrations: targets of kind ssh and ldap register (the grain proves the admin
/// credential on the real sshd / slapd), keep their extra endpoint fields, and rotate through the grain.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class TargetConnectorsWiringTests(KagiClusterFixture fixture) : IDisposable
{
    private readonly LinuxUsers _users = new();
    private readonly LdapDirectory _directory = new();

    public void Dispose()
    {
        _users.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task An_ssh_target_registers_keeps_its_auth_log_and_host_key_and_changes_passwords()
    {
        var (tenant, admin) = await NewTenantAsync();
        var target = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(tenant, "linux"));
        var (user, oldPassword) = _users.Create();
        var newPassword = LinuxUsers.NewPassword();

        var info = await target.RegisterAsync(admin, new TargetRegistration(
            "ssh", TestEnvironment.SshHost, TestEnvironment.SshPort, null, TestEnvironment.SshAdmin, TestEnvironment.SshAdminPassword)
        {
            AuthLogPath = TestEnvironment.SshAuthLog,
            HostKeySha256 = TestEnvironment.SshHostKeySha256,
        });
        await target.ChangePasswordAsync(admin, user, newPassword);

        Assert.Equal("ssh", info.Kind);
        Assert.Equal(TestEnvironment.SshAuthLog, (await target.GetAsync(admin))!.AuthLogPath);
        Assert.Equal("SHA256:" + TestEnvironment.SshHostKeySha256, info.HostKeySha256); // pins are kept in ssh-keygen's spelling
        Assert.True(await LinuxUsers.CanLogInAsync(user, newPassword));
        Assert.False(await target.VerifyLoginAsync(admin, user, oldPassword));
    }

    [Fact]
    public async Task An_ldap_target_registers_keeps_its_base_dn_and_changes_passwords()
    {
        var (tenant, admin) = await NewTenantAsync();
        var target = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(tenant, "directory"));
        var uid = LdapDirectory.NewUid();
        var (dn, oldPassword) = _directory.Create(uid);
        var newPassword = LdapDirectory.NewPassword();

        var info = await target.RegisterAsync(admin, new TargetRegistration(
            "ldap", LdapDirectory.Host, LdapDirectory.Port, null, TestEnvironment.LdapBindDn, TestEnvironment.LdapPassword)
        {
            BaseDn = TestEnvironment.LdapBaseDn,
        });
        await target.ChangePasswordAsync(admin, uid, newPassword);

        Assert.Equal(TestEnvironment.LdapBaseDn, info.BaseDn);
        Assert.True(LdapDirectory.CanBind(dn, newPassword));
        Assert.False(LdapDirectory.CanBind(dn, oldPassword));
        Assert.True(await target.VerifyLoginAsync(admin, uid, newPassword));
    }

    [Fact]
    public async Task Registering_with_a_refused_admin_credential_fails_for_ssh_and_ldap()
    {
        var (tenant, admin) = await NewTenantAsync();

        var ssh = await Assert.ThrowsAsync<KagiException>(() => fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(tenant, "linux"))
            .RegisterAsync(admin, new TargetRegistration("ssh", TestEnvironment.SshHost, TestEnvironment.SshPort, null, TestEnvironment.SshAdmin, "wrong-" + LinuxUsers.NewPassword())));
        var ldap = await Assert.ThrowsAsync<KagiException>(() => fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(tenant, "directory"))
            .RegisterAsync(admin, new TargetRegistration("ldap", LdapDirectory.Host, LdapDirectory.Port, TestEnvironment.LdapBaseDn, TestEnvironment.LdapBindDn, "wrong-" + LdapDirectory.NewPassword())));

        Assert.Equal(ProblemCode.CredentialRejected, ssh.Code);
        Assert.Equal(ProblemCode.CredentialRejected, ldap.Code);
    }

    private async Task<(string Tenant, Caller Admin)> NewTenantAsync()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).CreateAsync(new TenantCreation("Connector tenant", "admin", TenantWorld.AdminPassword));
        return (tenant, new Caller(tenant, "admin", [KagiRoles.Admin], "10.0.0.1"));
    }
}
