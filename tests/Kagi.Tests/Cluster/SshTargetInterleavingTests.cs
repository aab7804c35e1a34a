using Kagi.Audit;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// The read-only calls of an SSH target interleaving over the real sshd (issue 15, P3): first contacts and rotations
/// of several accounts at once, and a changed host key met by several of them at once. A read-only call that wrote the
/// target's state, or called the target and waited, would hang here until Orleans' call timeout and fail the test
/// with a timeout instead of the answers asserted.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class SshTargetInterleavingTests(KagiClusterFixture fixture) : IDisposable
{
    private const int Accounts = 5;

    private readonly LinuxUsers _users = new();

    public void Dispose() => _users.Dispose();

    [Fact]
    public async Task Accounts_of_one_ssh_target_are_created_and_rotated_side_by_side()
    {
        var (tenant, admin) = await NewTenantAsync();
        var target = await RegisterAsync(tenant, admin, TestEnvironment.SshPort);
        var users = Enumerable.Range(0, Accounts).Select(_ => _users.Create()).ToList();
        var accounts = users.Select((_, i) => fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(tenant, $"linux-{i}"))).ToList();

        // Each creation is the target's first contact with that account: GetAsync, then VerifyLoginAsync over SSH.
        var created = await Task.WhenAll(accounts.Select((account, i) => account.RegisterAsync(admin, new AccountRegistration("linux", users[i].Name, users[i].Password))));
        var read = await target.GetAsync(admin);
        var rotated = await Task.WhenAll(accounts.Select(account => account.RotateAsync(admin)));

        Assert.Equal(users.Select(u => u.Name), created.Select(a => a.Username));
        Assert.Equal(TargetInfo.Active, read?.Status);
        Assert.All(rotated, r => Assert.Equal("completed", r.Status));
        // Checked side by side: sshd delays every refused login by seconds.
        var stillLogIn = await Task.WhenAll(users.Select(async u => await LinuxUsers.CanLogInAsync(u.Name, u.Password) ? u.Name : null));
        Assert.Empty(stillLogIn.OfType<string>());
    }

    [Fact]
    public async Task A_changed_host_key_met_by_read_only_calls_at_once_is_recorded_once_and_stops_the_target()
    {
        var (tenant, admin) = await NewTenantAsync();
        await using var proxy = new FlakyTcpProxy(TestEnvironment.SshHost, TestEnvironment.SshPort);
        var target = await RegisterAsync(tenant, admin, proxy.Port);
        var (user, password) = _users.Create();
        var system = Caller.System(tenant);
        using var rekeyed = await RekeyedSshd.StartAsync();
        proxy.SwitchTo(rekeyed.Port);

        var calls = Enumerable.Range(0, Accounts).Select(i => i % 2 == 0
            ? (Task)target.VerifyLoginAsync(system, user, password)
            : target.ChangePasswordAsync(system, user, LinuxUsers.NewPassword())).ToList();
        var refusals = new List<KagiException>();
        foreach (var call in calls)
        {
            refusals.Add(await Assert.ThrowsAsync<KagiException>(() => call));
        }

        // The mismatch is written by the one-way call the first refusal sent; later ones were refused without it.
        var stopped = await Eventually.Async(() => target.GetAsync(admin), info => info?.Status == TargetInfo.HostKeyMismatch, TimeSpan.FromSeconds(10));
        var after = await Assert.ThrowsAsync<KagiException>(() => target.VerifyLoginAsync(system, user, password));
        var audits = await fixture.Grains.GetGrain<IAuditLogGrain>(tenant).ReadAsync(new Caller(tenant, "dave", [KagiRoles.Auditor], null), null, 100);

        Assert.All(refusals.Append(after), e => Assert.Equal(ProblemCode.HostKeyMismatch, e.Code));
        Assert.Equal(rekeyed.HostKeySha256, stopped?.PresentedHostKeySha256);
        Assert.Single(audits.Records, r => r.Event.Action == "target.host-key-mismatch");
        Assert.True(await LinuxUsers.CanLogInAsync(user, password), "no password was changed through the impostor");
        Assert.DoesNotContain(user, rekeyed.Log, StringComparison.Ordinal);
    }

    private async Task<ITargetGrain> RegisterAsync(string tenant, Caller admin, int port)
    {
        var target = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(tenant, "linux"));
        await target.RegisterAsync(admin, new TargetRegistration(
            "ssh", TestEnvironment.SshHost, port, null, TestEnvironment.SshAdmin, TestEnvironment.SshAdminPassword)
        {
            HostKeySha256 = TestEnvironment.SshHostKeySha256,
            RateLimit = new TargetRateLimit { PerMinute = 60_000, Burst = 100 },
        });
        return target;
    }

    private async Task<(string Tenant, Caller Admin)> NewTenantAsync()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).CreateAsync(new TenantCreation("SSH interleaving tenant", "admin", TenantWorld.AdminPassword));
        return (tenant, new Caller(tenant, "admin", [KagiRoles.Admin], "10.0.0.1"));
    }
}
