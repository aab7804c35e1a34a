using Kagi.Errors;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

[Collection(KagiClusterGroup.Name)]
public sealed class AccountPolicyTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task With_overlap_allowed_two_people_hold_the_account_and_rotation_waits_for_the_last_check_in()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await world.SetPolicyAsync(new AccountPolicy { AllowOverlappingCheckouts = true });

        var bob = await world.CheckOutAsync();
        var erin = await world.CheckOutAsync(world.SecondRequester);
        Assert.Equal(bob.Password, erin.Password);
        Assert.Equal(2, (await world.Account.GetAsync(world.Admin)).Leases.Length);

        var first = await world.Account.CheckInAsync(world.Requester);
        Assert.Equal("deferred", first.Rotation.Status);
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, erin.Password!));

        var last = await world.Account.CheckInAsync(world.SecondRequester);
        Assert.Equal("completed", last.Rotation.Status);
        Assert.False(await PostgresRoles.CanLogInAsync(world.Role, erin.Password!));
    }

    [Fact]
    public async Task Without_overlap_a_second_person_is_refused_while_the_first_holds_it()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await world.CheckOutAsync();

        var refused = await Assert.ThrowsAsync<KagiException>(() => world.CheckOutAsync(world.SecondRequester));

        Assert.Equal(ProblemCode.CheckedOut, refused.Code);
    }

    [Fact]
    public async Task An_account_that_is_not_lendable_refuses_check_out()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await world.SetPolicyAsync(new AccountPolicy { Lendable = false });

        var refused = await Assert.ThrowsAsync<KagiException>(() => world.CheckOutAsync());

        Assert.Equal(ProblemCode.Forbidden, refused.Code);
    }

    [Fact]
    public async Task A_password_that_may_not_be_shown_is_left_out_of_the_check_out()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await world.SetPolicyAsync(new AccountPolicy { ShowPassword = false });

        var grant = await world.CheckOutAsync();

        Assert.Null(grant.Password);
        Assert.Equal(world.Role, grant.Username);
    }

    [Fact]
    public async Task Rotate_before_view_hands_out_a_password_nobody_has_seen_that_logs_in()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await world.SetPolicyAsync(new AccountPolicy { RotateBeforeView = true, PasswordPolicy = new PasswordRules { Length = 32, Symbols = false } });

        var grant = await world.CheckOutAsync();

        Assert.NotEqual(world.InitialPassword, grant.Password);
        Assert.Equal(32, grant.Password!.Length);
        Assert.True(grant.Password.All(char.IsLetterOrDigit));
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, grant.Password));
        Assert.False(await PostgresRoles.CanLogInAsync(world.Role, world.InitialPassword));
        Assert.Equal("before-view", Assert.Single(await world.Account.GetRotationHistoryAsync(world.Admin)).Trigger);
    }

    [Fact]
    public async Task Without_rotate_on_check_in_the_password_stays_after_check_in()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await world.SetPolicyAsync(new AccountPolicy { RotateOnCheckin = false });
        var grant = await world.CheckOutAsync();

        var checkin = await world.Account.CheckInAsync(world.Requester);

        Assert.Equal("not-required", checkin.Rotation.Status);
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
    }

    [Fact]
    public async Task Malformed_policies_are_refused_and_the_old_one_stays()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var bad = new[]
        {
            new AccountPolicy { Rotation = new RotationScheduleSpec(TimeSpan.FromSeconds(10), null, null) },
            new AccountPolicy { Rotation = new RotationScheduleSpec(null, "every tuesday", null) },
            new AccountPolicy { Heartbeat = TimeSpan.FromSeconds(5) },
            new AccountPolicy { PasswordPolicy = new PasswordRules { Length = 2 } },
        };

        foreach (var policy in bad)
        {
            Assert.Equal(ProblemCode.Invalid, (await Assert.ThrowsAsync<KagiException>(() => world.SetPolicyAsync(policy))).Code);
        }

        Assert.Equal(AccountPolicy.Default, (await world.Account.GetAsync(world.Admin)).Policy);
    }

    [Fact]
    public async Task A_target_unreachable_between_set_and_verify_is_recovered_and_the_vault_password_logs_in()
    {
        await using var proxy = new FlakyTcpProxy(PostgresRoles.Host, PostgresRoles.Port);
        var world = await TenantWorld.CreateAsync(fixture.Grains, proxy.Port);
        var grant = await world.CheckOutAsync();

        // The change goes through; the verifying login that follows cannot reach the target.
        proxy.RefuseAfter(1);
        var checkin = await world.Account.CheckInAsync(world.Requester);

        Assert.Equal("pending", checkin.Rotation.Status);
        Assert.False(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
        var pending = await fixture.Grains.GetGrain<ITenantInventoryGrain>(world.TenantId).ListAccountsAsync(world.Admin, new AccountQuery { Status = "pending" }, null, 10);
        Assert.Equal(TenantWorld.AccountId, Assert.Single(pending.Accounts).Id);

        proxy.Heal();
        var retry = await world.Account.RotateAsync(world.Admin);

        Assert.Equal("completed", retry.Status);
        var after = await world.CheckOutAsync();
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, after.Password!));
        var history = await world.Account.GetRotationHistoryAsync(world.Admin);
        Assert.Equal(["failed", "completed"], history.Select(h => h.Outcome));
    }

    [Fact]
    public async Task Rotated_passwords_follow_the_targets_own_rules()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var (admin, adminPassword) = await PostgresRoles.CreateAsync("kagi_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("kagi_strict");
        var strict = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, "strict"));
        await strict.RegisterAsync(world.Admin, new TargetRegistration("postgres", PostgresRoles.Host, PostgresRoles.Port, "postgres", admin, adminPassword)
        {
            PasswordRules = new TargetPasswordRules { MaximumLength = 16, ExcludedCharacters = "-_.~!#%+=@^*" },
        });
        var account = fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, "strict-owner"));
        await account.RegisterAsync(world.Admin, new AccountRegistration("strict", role, password));

        Assert.Equal("completed", (await account.RotateAsync(world.Admin)).Status);
        var requestId = Guid.NewGuid().ToString("N");
        await world.Request(requestId).SubmitAsync(world.Requester, new Requests.NewAccessRequest("strict-owner", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), "strict"));
        await world.Request(requestId).ApproveAsync(world.Approver, null);
        var grant = await account.CheckOutAsync(world.Requester, requestId);

        Assert.Equal(16, grant.Password!.Length);
        Assert.True(grant.Password.All(char.IsLetterOrDigit));
        Assert.True(await PostgresRoles.CanLogInAsync(role, grant.Password));
        Assert.Equal(16, (await strict.GetAsync(world.Admin))!.PasswordRules!.MaximumLength);
    }
}
