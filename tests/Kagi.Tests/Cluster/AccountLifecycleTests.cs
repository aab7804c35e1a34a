using Kagi.Errors;
using Kagi.Requests;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

[Collection(KagiClusterGroup.Name)]
public sealed class AccountLifecycleTests(KagiClusterFixture fixture)
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task Check_out_hands_the_working_password_and_check_in_rotates_it_on_the_real_target()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var requestId = await world.ApprovedRequestAsync(Now.AddMinutes(-1), Now.AddHours(1));

        var grant = await world.Account.CheckOutAsync(world.Requester, requestId);
        Assert.Equal(world.Role, grant.Username);
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));

        var checkin = await world.Account.CheckInAsync(world.Requester);

        Assert.Equal("completed", checkin.Rotation.Status);
        Assert.False(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
        var next = await world.Account.CheckOutAsync(world.Requester, await world.ApprovedRequestAsync(Now.AddMinutes(-1), Now.AddHours(1)));
        Assert.NotEqual(grant.Password!, next.Password!);
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, next.Password!));
    }

    [Fact]
    public async Task A_lease_that_runs_out_is_checked_in_and_rotated_by_its_reminder_without_anyone_calling()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var requestId = await world.ApprovedRequestAsync(Now.AddMinutes(-1), Now.AddSeconds(4));
        var grant = await world.Account.CheckOutAsync(world.Requester, requestId);
        Assert.NotNull((await world.Account.GetAsync(world.Admin)).Lease);

        var info = await Eventually.Async(() => world.Account.GetAsync(world.Admin),
            account => account.Lease is null && account.LastRotatedAt is not null, TimeSpan.FromSeconds(60));

        Assert.Equal("idle", info.RotationStatus);
        Assert.False(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
    }

    [Fact]
    public async Task A_failed_rotation_keeps_the_working_password_and_a_later_attempt_recovers()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var requestId = await world.ApprovedRequestAsync(Now.AddMinutes(-1), Now.AddHours(1));
        var grant = await world.Account.CheckOutAsync(world.Requester, requestId);

        // Someone changes the target admin's password behind Kagi's back: the rotation cannot run.
        await PostgresRoles.SetPasswordAsync(world.TargetAdmin, PostgresRoles.NewPassword());
        var checkin = await world.Account.CheckInAsync(world.Requester);

        Assert.Equal("pending", checkin.Rotation.Status);
        Assert.NotNull(checkin.Rotation.NextAttemptAt);
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
        var refused = await Assert.ThrowsAsync<KagiException>(() => world.Account.CheckOutAsync(world.Requester, requestId));
        Assert.Equal(ProblemCode.RotationPending, refused.Code);

        await PostgresRoles.SetPasswordAsync(world.TargetAdmin, world.TargetAdminPassword);
        var retry = await world.Account.RotateAsync(world.Admin);

        Assert.Equal("completed", retry.Status);
        Assert.False(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
        var next = await world.Account.CheckOutAsync(world.Requester, requestId);
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, next.Password!));
    }

    [Fact]
    public async Task Check_out_is_refused_before_approval_and_to_anyone_but_the_requester()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var requestId = Guid.NewGuid().ToString("N");
        await world.Request(requestId).SubmitAsync(world.Requester, new NewAccessRequest(TenantWorld.AccountId, Now.AddMinutes(-1), Now.AddHours(1), "work"));

        // The account was never told of the pending request (it stores a request once approved); the request says why.
        var unknown = await Assert.ThrowsAsync<KagiException>(() => world.Account.CheckOutAsync(world.Requester, requestId));
        Assert.Equal(ProblemCode.NotFound, unknown.Code);
        var unapproved = await Assert.ThrowsAsync<KagiException>(() => world.Request(requestId).EnsureMayCheckOutAsync(world.Requester, TenantWorld.AccountId));
        Assert.Equal(ProblemCode.NotApproved, unapproved.Code);
        var other = await Assert.ThrowsAsync<KagiException>(() => world.Request(requestId).EnsureMayCheckOutAsync(world.Approver, TenantWorld.AccountId));
        Assert.Equal(ProblemCode.Forbidden, other.Code);

        await world.Request(requestId).ApproveAsync(world.Approver, "ok");
        var stranger = await Assert.ThrowsAsync<KagiException>(() => world.Account.CheckOutAsync(world.Approver, requestId));
        Assert.Equal(ProblemCode.Forbidden, stranger.Code);
        Assert.Null((await world.Account.GetAsync(world.Admin)).Lease);
    }

    [Fact]
    public async Task Rotating_a_checked_out_account_is_refused_until_it_is_checked_in()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var grant = await world.Account.CheckOutAsync(world.Requester, await world.ApprovedRequestAsync(Now.AddMinutes(-1), Now.AddHours(1)));

        var refused = await Assert.ThrowsAsync<KagiException>(() => world.Account.RotateAsync(world.Admin));

        Assert.Equal(ProblemCode.CheckedOut, refused.Code);
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
    }

    [Fact]
    public async Task An_account_whose_password_does_not_log_in_is_not_brought_under_management()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var (role, _) = await PostgresRoles.CreateAsync("kagi_other");
        var other = fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, "other"));

        var refused = await Assert.ThrowsAsync<KagiException>(() => other.RegisterAsync(world.Admin, new AccountRegistration("pg", role, "not-the-password")));

        Assert.Equal(ProblemCode.CredentialRejected, refused.Code);
        var missing = await Assert.ThrowsAsync<KagiException>(() => other.GetAsync(world.Admin));
        Assert.Equal(ProblemCode.NotFound, missing.Code);
    }
}
