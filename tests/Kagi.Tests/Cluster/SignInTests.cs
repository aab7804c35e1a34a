using Kagi.Audit;
using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using OtpNet;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>Sign-in through the user grains on a real cluster: lockout and its timer, spraying, MFA, sessions.</summary>
[Collection(KagiClusterGroup.Name)]
public sealed class SignInTests(KagiClusterFixture fixture)
{
    private const string Wrong = "Not-The-Password-123";

    [Fact]
    public async Task Consecutive_failures_lock_the_account_and_the_right_password_then_reveals_nothing()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("bob", KagiRoles.User);
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { Threshold = 3 });

        var first = await world.SignInAsync("bob", Wrong);
        var second = await world.SignInAsync("bob", Wrong);
        var third = await world.SignInAsync("bob", Wrong);
        var right = await world.SignInAsync("bob", SignInWorld.Password);

        Assert.Equal([ProblemCode.InvalidCredentials, ProblemCode.InvalidCredentials, ProblemCode.Locked, ProblemCode.Locked],
            new[] { first, second, third, right }.Select(r => r.Refusal));
        Assert.Equal(right.Message, (await world.SignInAsync("bob", Wrong)).Message);
        Assert.InRange(right.RetryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Null(right.Session);
    }

    [Fact]
    public async Task The_unlock_timer_lifts_a_lock_without_anyone_calling_and_records_it()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("bob", KagiRoles.User);
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { Threshold = 1, Duration = TimeSpan.FromSeconds(2) });
        Assert.Equal(ProblemCode.Locked, (await world.SignInAsync("bob", Wrong)).Refusal);

        // Only the timer writes this record: nobody calls the grain meanwhile.
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(world.TenantId);
        await Eventually.Async(() => log.ReadAsync(world.Admin, null, 50),
            page => page.Records.Any(r => r.Event is { Action: "user.unlock", Actor: Caller.SystemName, Subject: "bob" }), TimeSpan.FromSeconds(30));

        Assert.Null((await world.User("bob").GetAsync(world.Admin))!.LockedUntil);
        Assert.NotNull((await world.SignInAsync("bob", SignInWorld.Password)).Session);
    }

    [Fact]
    public async Task An_admin_unlocks_an_account_early()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("bob", KagiRoles.User);
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { Threshold = 1 });
        await world.SignInAsync("bob", Wrong);

        var refused = await Assert.ThrowsAsync<KagiException>(() => world.User("bob").UnlockAsync(world.As("carol", KagiRoles.User)));
        await world.User("bob").UnlockAsync(world.Admin);

        Assert.Equal(ProblemCode.Forbidden, refused.Code);
        Assert.NotNull((await world.SignInAsync("bob", SignInWorld.Password)).Session);
    }

    [Fact]
    public async Task Spraying_many_usernames_from_one_source_blocks_that_source_only()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("bob", KagiRoles.User);
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { SprayUsers = 3 });
        const string sprayer = "198.51.100.66";

        var answers = new List<ProblemCode?>();
        foreach (var name in new[] { "alice", "carol", "zed" })
        {
            answers.Add((await world.SignInAsync(name, "Spring-Password-2030", sprayer)).Refusal);
        }

        var blocked = await world.SignInAsync("bob", SignInWorld.Password, sprayer);

        Assert.Equal([ProblemCode.InvalidCredentials, ProblemCode.InvalidCredentials, ProblemCode.SourceBlocked], answers);
        Assert.Equal(ProblemCode.SourceBlocked, blocked.Refusal);
        Assert.InRange(blocked.RetryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.NotNull((await world.SignInAsync("bob", SignInWorld.Password, "198.51.100.67")).Session);
    }

    [Fact]
    public async Task Totp_enrolment_confirm_sign_in_and_replay_refusal_with_a_notice_to_the_user()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var enrolment = await bob.BeginTotpEnrolmentAsync(world.As("bob", KagiRoles.User), new PasswordProof(SignInWorld.Password));
        var secret = Base32Encoding.ToBytes(enrolment.Secret);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], enrolment.QrPng.Take(4));
        Assert.StartsWith("otpauth://totp/", enrolment.OtpauthUri, StringComparison.Ordinal);

        var now = DateTimeOffset.UtcNow;
        var recovery = await bob.ConfirmTotpAsync(world.As("bob", KagiRoles.User), TotpCodes.Compute(secret, now));
        var withoutCode = await world.SignInAsync("bob", SignInWorld.Password);
        var next = TotpCodes.Compute(secret, now.AddSeconds(30));
        var withCode = await world.SignInAsync("bob", SignInWorld.Password, totp: next);
        var replay = await world.SignInAsync("bob", SignInWorld.Password, totp: next);

        Assert.Equal(10, recovery.Length);
        Assert.Equal((ProblemCode.MfaRequired, SignInReasons.MfaMissing), (withoutCode.Refusal!.Value, withoutCode.Reason));
        Assert.Equal(SignInReasons.PasswordAndTotp, withCode.Reason);
        Assert.NotNull(withCode.Session);
        Assert.Equal((ProblemCode.MfaRequired, SignInReasons.TotpReplay), (replay.Refusal!.Value, replay.Reason));
        var notice = Assert.Single(await bob.GetNoticesAsync(world.As("bob", KagiRoles.User)));
        Assert.Equal("totp-replay", notice.Kind);
        Assert.Equal("192.0.2.10", notice.IpAddress);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_an_admin_reset_removes_the_second_factor()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var secret = Base32Encoding.ToBytes((await bob.BeginTotpEnrolmentAsync(world.As("bob", KagiRoles.User), new PasswordProof(SignInWorld.Password))).Secret);
        var recovery = await bob.ConfirmTotpAsync(world.As("bob", KagiRoles.User), TotpCodes.Compute(secret, DateTimeOffset.UtcNow));

        var first = await world.SignInAsync("bob", SignInWorld.Password, recoveryCode: recovery[0]);
        var again = await world.SignInAsync("bob", SignInWorld.Password, recoveryCode: recovery[0]);
        await bob.ResetMfaAsync(world.Admin);
        var afterReset = await world.SignInAsync("bob", SignInWorld.Password);

        Assert.Equal(SignInReasons.PasswordAndRecoveryCode, first.Reason);
        Assert.Equal(ProblemCode.MfaRequired, again.Refusal);
        Assert.NotNull(afterReset.Session);
        Assert.False((await bob.GetAsync(world.Admin))!.MfaEnabled);
    }

    [Fact]
    public async Task When_the_tenant_requires_mfa_a_user_without_it_gets_a_session_restricted_to_enrolment()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("bob", KagiRoles.User);
        await world.AddUserAsync("carol", KagiRoles.Approver);
        await world.Security.SetMfaAsync(world.Admin, new MfaSettings { RequiredForRoles = [KagiRoles.User] });

        var bob = await world.SignInAsync("bob", SignInWorld.Password);
        var carol = await world.SignInAsync("carol", SignInWorld.Password);

        Assert.Equal(SessionRestriction.EnrolMfa, bob.Session!.Restriction);
        Assert.Equal(SessionRestriction.None, carol.Session!.Restriction);
    }

    [Fact]
    public async Task Changing_the_password_ends_every_session_and_refuses_a_previous_password()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var first = world.NewSessionKey();
        var second = world.NewSessionKey();
        await world.SignInAsync("bob", SignInWorld.Password, sessionKey: first);
        await world.SignInAsync("bob", SignInWorld.Password, sessionKey: second);
        Assert.NotNull(await world.Session(first).ValidateAsync());

        await bob.ChangePasswordAsync(world.As("bob", KagiRoles.User), new PasswordChange(SignInWorld.Password, "Brand-New-Keeper-9915"));
        var back = await Assert.ThrowsAsync<KagiException>(() =>
            bob.ChangePasswordAsync(world.As("bob", KagiRoles.User), new PasswordChange("Brand-New-Keeper-9915", SignInWorld.Password)));

        Assert.Null(await world.Session(first).ValidateAsync());
        Assert.Null(await world.Session(second).ValidateAsync());
        Assert.Equal(ProblemCode.PasswordRejected, back.Code);
        Assert.Contains("last 5 passwords", back.Message, StringComparison.Ordinal);
        Assert.Equal(ProblemCode.InvalidCredentials, (await world.SignInAsync("bob", SignInWorld.Password)).Refusal);
    }

    [Fact]
    public async Task A_sign_in_beyond_the_live_session_limit_ends_the_session_that_would_expire_first()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("bob", KagiRoles.User);
        var keys = Enumerable.Range(0, LiveSessions.MaximumLive + 1).Select(_ => world.NewSessionKey()).ToList();
        foreach (var key in keys.Take(LiveSessions.MaximumLive))
        {
            Assert.NotNull((await world.SignInAsync("bob", SignInWorld.Password, sessionKey: key)).Session);
        }

        Assert.NotNull(await world.Session(keys[0]).ValidateAsync());

        Assert.NotNull((await world.SignInAsync("bob", SignInWorld.Password, sessionKey: keys[^1])).Session);

        Assert.Null(await world.Session(keys[0]).ValidateAsync());
        Assert.NotNull(await world.Session(keys[1]).ValidateAsync());
        Assert.NotNull(await world.Session(keys[^1]).ValidateAsync());
    }

    [Fact]
    public async Task Disabling_a_user_ends_sessions_and_api_tokens_and_refuses_sign_in()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User, KagiRoles.Auditor);
        var session = world.NewSessionKey();
        await world.SignInAsync("bob", SignInWorld.Password, sessionKey: session);
        var token = world.NewSessionKey();
        await bob.CreateApiTokenAsync(world.As("bob", KagiRoles.User, KagiRoles.Auditor), new NewApiToken("ci", [KagiRoles.Auditor], DateTimeOffset.UtcNow.AddDays(1), token), new PasswordProof(SignInWorld.Password));
        Assert.NotNull(await world.Session(token).ValidateAsync());

        await bob.DisableAsync(world.Admin);

        Assert.Null(await world.Session(session).ValidateAsync());
        Assert.Null(await world.Session(token).ValidateAsync());
        Assert.Equal((ProblemCode.InvalidCredentials, SignInReasons.Disabled), ((await world.SignInAsync("bob", SignInWorld.Password)).Refusal!.Value, (await world.SignInAsync("bob", SignInWorld.Password)).Reason));
    }

    [Fact]
    public async Task An_api_token_holds_only_roles_its_owner_holds_and_must_expire_within_a_year()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var caller = world.As("bob", KagiRoles.User);

        var escalation = await Assert.ThrowsAsync<KagiException>(() =>
            bob.CreateApiTokenAsync(caller, new NewApiToken("x", [KagiRoles.Admin], DateTimeOffset.UtcNow.AddDays(1), world.NewSessionKey()), new PasswordProof(SignInWorld.Password)));
        var forever = await Assert.ThrowsAsync<KagiException>(() =>
            bob.CreateApiTokenAsync(caller, new NewApiToken("x", [KagiRoles.User], DateTimeOffset.UtcNow.AddYears(2), world.NewSessionKey()), new PasswordProof(SignInWorld.Password)));
        var key = world.NewSessionKey();
        var info = await bob.CreateApiTokenAsync(caller, new NewApiToken("deploy", [KagiRoles.User], DateTimeOffset.UtcNow.AddDays(30), key), new PasswordProof(SignInWorld.Password));

        Assert.Equal(ProblemCode.Forbidden, escalation.Code);
        Assert.Equal(ProblemCode.Invalid, forever.Code);
        Assert.Equal([KagiRoles.User], (await world.Session(key).ValidateAsync())!.Roles.ToArray());
        Assert.Equal([(info.Id, "deploy")], (await bob.ListApiTokensAsync(caller)).Select(t => (t.Id, t.Name)));
        await bob.RevokeApiTokenAsync(caller, info.Id);
        Assert.Null(await world.Session(key).ValidateAsync());
        Assert.Empty(await bob.ListApiTokensAsync(caller));
    }

    [Fact]
    public async Task An_allow_list_that_would_lock_out_its_author_is_refused_unless_forced_and_the_operator_can_reset_it()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var elsewhere = new IpAllowListSettings { Cidrs = ["203.0.113.0/24"] };

        var refused = await Assert.ThrowsAsync<KagiException>(() => world.Security.SetIpAllowListAsync(world.Admin, elsewhere, force: false));
        await world.Security.SetIpAllowListAsync(world.Admin, elsewhere, force: true);
        var blockedBeforeReset = await world.Security.IsAllowedAsync("10.0.0.1", null);
        await world.Security.ResetIpAllowListAsync();

        Assert.Equal(ProblemCode.SelfLockout, refused.Code);
        Assert.False(blockedBeforeReset);
        Assert.True(await world.Security.IsAllowedAsync("10.0.0.1", null));
    }

    [Fact]
    public async Task Sign_in_from_outside_a_role_s_allow_list_is_refused_for_holders_of_that_role()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("bob", KagiRoles.User);
        await world.Security.SetIpAllowListAsync(world.Admin, new IpAllowListSettings
        {
            RoleCidrs = System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<string>>.Empty.Add(KagiRoles.User, ["2001:db8:1::/48"]),
        }, force: false);

        var outside = await world.SignInAsync("bob", SignInWorld.Password, "2001:db8:2::1");
        var inside = await world.SignInAsync("bob", SignInWorld.Password, "2001:db8:1::77");

        Assert.Equal((ProblemCode.IpNotAllowed, SignInReasons.IpNotAllowed), (outside.Refusal!.Value, outside.Reason));
        Assert.NotNull(inside.Session);
    }
}
