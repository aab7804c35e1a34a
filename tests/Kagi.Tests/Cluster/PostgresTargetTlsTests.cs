using Kagi.Errors;
using Kagi.Identity;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// A PostgreSQL target registered with <c>sslMode</c> verify-full keeps it (and its CA) in its state and uses it
/// for every connection: with the test CA it registers and rotates; with no CA (the system's roots) the same
/// server is refused at registration and nothing is stored.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class PostgresTargetTlsTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task A_verify_full_target_with_its_ca_registers_keeps_the_mode_and_changes_passwords()
    {
        var (tenant, admin) = await NewTenantAsync();
        var (role, _) = await PostgresRoles.CreateAsync("kagi_t_tlsrole");
        var ca = await File.ReadAllTextAsync(TestEnvironment.PostgresCa);
        var target = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(tenant, "db"));

        var info = await target.RegisterAsync(admin, new TargetRegistration("postgres", PostgresRoles.Host, PostgresRoles.Port, "postgres", "postgres", SuperuserPassword())
        {
            SslMode = TargetSslMode.VerifyFull,
            CaCertificate = ca,
        });
        var newPassword = PostgresRoles.NewPassword();
        await target.ChangePasswordAsync(admin, role, newPassword);

        Assert.Equal(TargetSslMode.VerifyFull, info.SslMode);
        Assert.Equal(ca, (await target.GetAsync(admin))!.CaCertificate);
        Assert.True(await PostgresRoles.CanLogInAsync(role, newPassword));
    }

    [Fact]
    public async Task A_verify_full_target_whose_certificate_the_system_does_not_trust_is_refused_and_not_stored()
    {
        var (tenant, admin) = await NewTenantAsync();
        var target = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(tenant, "db"));

        var refused = await Assert.ThrowsAsync<KagiException>(() => target.RegisterAsync(admin,
            new TargetRegistration("postgres", PostgresRoles.Host, PostgresRoles.Port, "postgres", "postgres", SuperuserPassword()) { SslMode = TargetSslMode.VerifyFull }));

        Assert.Equal(ProblemCode.TargetUnavailable, refused.Code);
        Assert.Contains("TLS failed", refused.Message, StringComparison.Ordinal);
        Assert.Null(await target.GetAsync(admin));
    }

    private static string SuperuserPassword() => new Npgsql.NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnection).Password!;

    private async Task<(string Tenant, Caller Admin)> NewTenantAsync()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).CreateAsync(new TenantCreation("TLS tenant", "admin", TenantWorld.AdminPassword));
        return (tenant, new Caller(tenant, "admin", [KagiRoles.Admin], "10.0.0.1"));
    }
}
