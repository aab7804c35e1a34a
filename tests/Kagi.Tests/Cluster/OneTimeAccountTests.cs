using Kagi.Audit;
using Kagi.Domain.Discovery;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// One-time (just-in-time) accounts on the real PostgreSQL and sshd: created at check-out with their
/// grants, usable during the lease only, and removed by the template's reminder when the window closes
/// (moved there by the fake vault clock) or, after a failure, retried until the target answers again.
/// </summary>
[Collection(VaultClockClusterGroup.Name)]
public sealed class OneTimeAccountTests(VaultClockClusterFixture fixture) : IDisposable
{
    private const string TemplateId = "jit-db";
    private readonly LinuxUsers _users = new();

    private static DateTimeOffset Now => VaultClockClusterFixture.Clock.GetUtcNow();

    public void Dispose() => _users.Dispose();

    [Fact]
    public async Task A_one_time_account_works_during_its_lease_with_its_grants_and_is_removed_by_the_reminder_after_the_window()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var (reporting, _) = await PostgresRoles.CreateAsync("kagi_reporting");
        var template = await RegisterTemplateAsync(world, "pg", "jit", [reporting]);
        Assert.Equal("jit", template.Username);
        var requestId = await ApprovedRequestAsync(world, Now.AddMinutes(-1), Now.AddHours(1));

        var grant = await Account(world).CheckOutAsync(world.Requester, requestId);

        Assert.Matches("^jit_[a-z0-9]{8}$", grant.Username);
        Assert.True(await PostgresRoles.CanLogInAsync(grant.Username, grant.Password!));
        Assert.True(await PostgresRoles.IsMemberAsync(grant.Username, reporting));
        var again = await Account(world).CheckOutAsync(world.Requester, requestId);
        Assert.Equal((grant.Username, grant.Password), (again.Username, again.Password));
        var during = await Account(world).GetAsync(world.Admin);
        Assert.Equal(("active", world.Requester.Username), (Assert.Single(during.OneTimeAccounts).Phase, during.OneTimeAccounts[0].Holder));

        VaultClockClusterFixture.Clock.Advance(TimeSpan.FromHours(1));
        await VaultClockClusterFixture.TickAsync(Template(world));

        Assert.False(await PostgresRoles.CanLogInAsync(grant.Username, grant.Password!));
        Assert.False(await PostgresRoles.ExistsAsync(grant.Username));
        var after = await Account(world).GetAsync(world.Admin);
        Assert.Empty(after.OneTimeAccounts);
        Assert.Null(after.Lease);
        var steps = await JitAuditAsync(world);
        Assert.Equal(
            [("account.jit-create", AuditResults.Intent), ("account.jit-create", AuditResults.Success), ("account.jit-remove", AuditResults.Success)],
            steps.Select(e => (e.Action, e.Result)));
        Assert.All(steps, e => Assert.DoesNotContain(grant.Password!, e.Detail ?? "", StringComparison.Ordinal));
        Assert.Equal($"{grant.Username}: removed", steps[^1].Detail);
    }

    [Fact]
    public async Task A_one_time_account_created_but_not_finished_is_removed_once_the_target_is_reachable_again()
    {
        await using var proxy = new FlakyTcpProxy(PostgresRoles.Host, PostgresRoles.Port);
        var world = await TenantWorld.CreateAsync(fixture.Grains, proxy.Port);
        var (reporting, _) = await PostgresRoles.CreateAsync("kagi_reporting");
        await RegisterTemplateAsync(world, "pg", "jit", [reporting]);
        var requestId = await ApprovedRequestAsync(world, Now.AddMinutes(-1), Now.AddHours(1));

        // CREATE ROLE goes through; the grant's connection is cut before the GRANT reaches the server, and every
        // connection after it is refused.
        proxy.CutAt("GRANT ");
        var refused = await Assert.ThrowsAsync<KagiException>(() => Account(world).CheckOutAsync(world.Requester, requestId));

        Assert.Equal(ProblemCode.TargetUnavailable, refused.Code);
        var pending = Assert.Single((await Account(world).GetAsync(world.Admin)).OneTimeAccounts);
        Assert.Equal(("cleanup-pending", 1), (pending.Phase, pending.CleanupAttempts));
        Assert.True(await PostgresRoles.ExistsAsync(pending.Username), "the role was created before the failure");
        Assert.Null((await Account(world).GetAsync(world.Admin)).Lease);

        // Still unreachable at the first retry: backoff doubles.
        VaultClockClusterFixture.Clock.Advance(pending.NextCleanupAt!.Value - Now);
        await VaultClockClusterFixture.TickAsync(Template(world));
        var second = Assert.Single((await Account(world).GetAsync(world.Admin)).OneTimeAccounts);
        Assert.Equal(2, second.CleanupAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), second.NextCleanupAt!.Value - Now);

        proxy.Heal();
        VaultClockClusterFixture.Clock.Advance(TimeSpan.FromSeconds(30));
        await VaultClockClusterFixture.TickAsync(Template(world));

        Assert.Empty((await Account(world).GetAsync(world.Admin)).OneTimeAccounts);
        Assert.False(await PostgresRoles.ExistsAsync(pending.Username));
        var steps = await JitAuditAsync(world);
        Assert.Equal(AuditResults.Failure, steps.First(e => e.Action == "account.jit-create" && e.Result != AuditResults.Intent).Result);
        Assert.Equal(2, steps.Count(e => e is { Action: "account.jit-remove", Result: AuditResults.Failure }));
        Assert.Equal(AuditResults.Success, steps[^1].Result);

        // The next check-out under the same request gets a fresh account that works.
        var grant = await Account(world).CheckOutAsync(world.Requester, requestId);
        Assert.NotEqual(pending.Username, grant.Username);
        Assert.True(await PostgresRoles.CanLogInAsync(grant.Username, grant.Password!));
    }

    [Fact]
    public async Task With_the_disable_end_action_the_account_stays_on_the_target_but_its_password_no_longer_logs_in()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await Account(world).RegisterOneTimeAsync(world.Admin, new OneTimeTemplate("pg", "jitd", [], OneTimeEndAction.Disable));
        var grant = await Account(world).CheckOutAsync(world.Requester, await ApprovedRequestAsync(world, Now.AddMinutes(-1), Now.AddHours(1)));
        Assert.True(await PostgresRoles.CanLogInAsync(grant.Username, grant.Password!));

        await Account(world).CheckInAsync(world.Requester);

        Assert.True(await PostgresRoles.ExistsAsync(grant.Username));
        Assert.False(await PostgresRoles.CanLogInAsync(grant.Username, grant.Password!));
        Assert.Empty((await Account(world).GetAsync(world.Admin)).OneTimeAccounts);
    }

    [Fact]
    public async Task Ending_the_request_removes_its_one_time_account_at_once_and_check_in_does_the_same()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await RegisterTemplateAsync(world, "pg", "jit", []);
        var first = await Account(world).CheckOutAsync(world.Requester, await ApprovedRequestAsync(world, Now.AddMinutes(-1), Now.AddHours(1)));
        var revoked = (await Account(world).GetAsync(world.Admin)).Lease!.RequestId;

        await Account(world).EndRequestAccessAsync(Caller.System(world.TenantId), revoked, "revoked");

        Assert.Empty((await Account(world).GetAsync(world.Admin)).Leases);
        Assert.False(await PostgresRoles.ExistsAsync(first.Username));
        var second = await Account(world).CheckOutAsync(world.Requester, await ApprovedRequestAsync(world, Now.AddMinutes(-1), Now.AddHours(1)));
        Assert.True(await PostgresRoles.CanLogInAsync(second.Username, second.Password!));
        Assert.Equal("removed", (await Account(world).CheckInAsync(world.Requester)).Rotation.Status);
        Assert.False(await PostgresRoles.ExistsAsync(second.Username));
        var rotate = await Assert.ThrowsAsync<KagiException>(() => Account(world).RotateAsync(world.Admin));
        Assert.Equal(ProblemCode.InvalidState, rotate.Code);
    }

    [Fact]
    public async Task A_one_time_linux_account_logs_in_over_ssh_during_the_lease_and_is_deleted_after()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var linux = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, "linux"));
        await linux.RegisterAsync(world.Admin, new TargetRegistration("ssh", TestEnvironment.SshHost, TestEnvironment.SshPort, null, TestEnvironment.SshAdmin, TestEnvironment.SshAdminPassword));
        var refused = await Assert.ThrowsAsync<KagiException>(() => RegisterTemplateAsync(world, "linux", TestEnvironment.SshUserPrefix, ["wheel"]));
        Assert.Equal(ProblemCode.Invalid, refused.Code);
        await RegisterTemplateAsync(world, "linux", TestEnvironment.SshUserPrefix, []);

        var grant = await Account(world).CheckOutAsync(world.Requester, await ApprovedRequestAsync(world, Now.AddMinutes(-1), Now.AddMinutes(30)));
        _users.Track(grant.Username);

        Assert.StartsWith(TestEnvironment.SshUserPrefix + "_", grant.Username, StringComparison.Ordinal);
        Assert.True(await LinuxUsers.CanLogInAsync(grant.Username, grant.Password!));
        VaultClockClusterFixture.Clock.Advance(TimeSpan.FromMinutes(30));
        await VaultClockClusterFixture.TickAsync(Template(world));
        Assert.False(LinuxUsers.Exists(grant.Username));
        Assert.Empty((await Account(world).GetAsync(world.Admin)).OneTimeAccounts);
    }

    private IPrivilegedAccountGrain Account(TenantWorld world) => fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, TemplateId));

    /// <summary>The template's own grain, where its reminder lives; callers reach it through <see cref="Account"/>.</summary>
    private IOneTimeTemplateGrain Template(TenantWorld world) => fixture.Grains.GetGrain<IOneTimeTemplateGrain>(GrainKeys.For(world.TenantId, TemplateId));

    [Fact]
    public async Task A_template_an_earlier_version_stored_in_the_account_state_moves_to_its_own_grain_and_goes_on_working()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var template = new OneTimeTemplate("pg", "jit", [], OneTimeEndAction.Remove);
        var lease = new LeaseState("r-old", world.Requester.Username, Now.AddMinutes(-5), Now.AddHours(1));
        var old = "jit_" + Guid.NewGuid().ToString("N")[..8]; // never on the target: removal finds it already gone

        // The shape an earlier version stored: the template in the account's state, a single lease beside the list, its account.
        await PersistedState.WriteAsync(fixture.Cluster, Account(world), "account", new AccountState
        {
            Exists = true,
            TargetId = "pg",
            Username = "jit",
            CreatedAt = Now.AddDays(-1),
            OneTime = template,
            Policy = AccountPolicy.Default with { RotateOnCheckin = false },
            Lease = lease,
            Grants = [new AccessGrant(lease.RequestId, lease.Holder, AccessRequestStatus.Approved, lease.CheckedOutAt, lease.CheckedOutAt, lease.Until)],
            OneTimeAccounts = OneTimeLifecycle.Created(OneTimeLifecycle.Intend([], lease, old, [], lease.CheckedOutAt), old),
        });
        await fixture.Grains.GetGrain<ITenantInventoryGrain>(world.TenantId).ReportAccountAsync(Caller.System(world.TenantId),
            new AccountSummary(TemplateId, "idle") { TargetId = "pg", Username = DiscoveryComparison.OneTimePattern("jit") });

        var info = await Account(world).GetAsync(world.Admin);

        Assert.Equal(("jit", template, lease.RequestId), (info.Username, info.OneTime, Assert.Single(info.Leases).RequestId));
        Assert.Equal((old, "active"), (Assert.Single(info.OneTimeAccounts).Username, info.OneTimeAccounts[0].Phase));
        var marker = await PersistedState.ReadAsync<AccountState>(fixture.Cluster, Account(world), "account");
        Assert.Equal((true, false), (marker.IsOneTimeTemplate, marker.Exists));
        Assert.Null(marker.OneTime);
        Assert.Null(marker.Lease);
        Assert.Equal(template, (await PersistedState.ReadAsync<OneTimeTemplateState>(fixture.Cluster, Template(world), "oneTimeTemplate")).Template);

        // Check-in ends the old lease and removes its account; then the template serves new check-outs as before.
        Assert.Equal("removed", (await Account(world).CheckInAsync(world.Requester)).Rotation.Status);
        Assert.Empty((await Account(world).GetAsync(world.Admin)).OneTimeAccounts);
        var grant = await Account(world).CheckOutAsync(world.Requester, await ApprovedRequestAsync(world, Now.AddMinutes(-1), Now.AddHours(1)));
        Assert.True(await PostgresRoles.CanLogInAsync(grant.Username, grant.Password!));
        Assert.Equal("removed", (await Account(world).CheckInAsync(world.Requester)).Rotation.Status);
        Assert.False(await PostgresRoles.ExistsAsync(grant.Username));
        Assert.Empty(await Account(world).GetRotationHistoryAsync(world.Admin));
    }

    private Task<AccountInfo> RegisterTemplateAsync(TenantWorld world, string targetId, string prefix, string[] grants) =>
        Account(world).RegisterOneTimeAsync(world.Admin, new OneTimeTemplate(targetId, prefix, [.. grants], OneTimeEndAction.Remove));

    private static async Task<string> ApprovedRequestAsync(TenantWorld world, DateTimeOffset from, DateTimeOffset until)
    {
        var id = Guid.NewGuid().ToString("N");
        await world.Request(id).SubmitAsync(world.Requester, new NewAccessRequest(TemplateId, from, until, "one-time work"));
        await world.Request(id).ApproveAsync(world.Approver, null);
        return id;
    }

    /// <summary>The one-time steps of the template, oldest first.</summary>
    private async Task<List<AuditEvent>> JitAuditAsync(TenantWorld world)
    {
        var page = await fixture.Grains.GetGrain<IAuditLogGrain>(world.TenantId).QueryAsync(world.Admin, new AuditFilter(Kind: "account.jit-", AccountId: TemplateId), null, 100);
        return [.. page.Records.Select(r => r.Event).Reverse()];
    }
}
