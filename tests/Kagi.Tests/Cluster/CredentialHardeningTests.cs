using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Tenancy;
using OtpNet;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Sign-in answers that say nothing about which usernames exist, and credentials that end when the
/// password or the second factor changes, on a real cluster.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class CredentialHardeningTests(KagiClusterFixture fixture)
{
    private const string Wrong = "Not-The-Password-123";

    [Fact]
    public async Task An_unknown_username_answers_a_run_of_wrong_passwords_as_a_known_one_does()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("bob", KagiRoles.User);
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { Threshold = 3 });

        async Task<List<(ProblemCode?, string?, bool)>> TryAsync(string username, string ip)
        {
            var answers = new List<(ProblemCode?, string?, bool)>();
            foreach (var password in new[] { Wrong, Wrong, Wrong, SignInWorld.Password, Wrong })
            {
                var result = await world.SignInAsync(username, password, ip);
                answers.Add((result.Refusal, result.Message, result.RetryAfter is not null));
            }

            return answers;
        }

        var known = await TryAsync("bob", "192.0.2.31");
        var unknown = await TryAsync("nobody", "192.0.2.32");

        Assert.Equal(known, unknown);
        Assert.Equal([ProblemCode.InvalidCredentials, ProblemCode.InvalidCredentials, ProblemCode.Locked, ProblemCode.Locked, ProblemCode.Locked], unknown.Select(a => a.Item1));
        Assert.InRange((await world.SignInAsync("nobody", Wrong, "192.0.2.33")).RetryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Null(await world.User("nobody").GetAsync(world.Admin));
    }

    [Fact]
    public async Task Mfa_required_is_said_only_after_the_right_password()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var secret = Base32Encoding.ToBytes((await bob.BeginTotpEnrolmentAsync(world.As("bob", KagiRoles.User), new PasswordProof(SignInWorld.Password))).Secret);
        await bob.ConfirmTotpAsync(world.As("bob", KagiRoles.User), TotpCodes.Compute(secret, DateTimeOffset.UtcNow));

        var wrongPassword = await world.SignInAsync("bob", Wrong);
        var wrongPasswordWithCode = await world.SignInAsync("bob", Wrong, totp: TotpCodes.Compute(secret, DateTimeOffset.UtcNow));
        var rightPassword = await world.SignInAsync("bob", SignInWorld.Password);

        Assert.Equal((ProblemCode.InvalidCredentials, SignInReasons.WrongPassword), (wrongPassword.Refusal!.Value, wrongPassword.Reason));
        Assert.Equal((ProblemCode.InvalidCredentials, SignInReasons.WrongPassword), (wrongPasswordWithCode.Refusal!.Value, wrongPasswordWithCode.Reason));
        Assert.Equal((ProblemCode.MfaRequired, SignInReasons.MfaMissing), (rightPassword.Refusal!.Value, rightPassword.Reason));
    }

    [Fact]
    public async Task A_password_change_ends_the_user_s_api_tokens_and_tells_them()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var caller = world.As("bob", KagiRoles.User);
        var token = world.NewSessionKey();
        await bob.CreateApiTokenAsync(caller, new NewApiToken("deploy", [KagiRoles.User], DateTimeOffset.UtcNow.AddDays(30), token), new PasswordProof(SignInWorld.Password));
        Assert.NotNull(await world.Session(token).ValidateAsync());

        await bob.ChangePasswordAsync(caller, new PasswordChange(SignInWorld.Password, "Brand-New-Keeper-9915"));

        Assert.Null(await world.Session(token).ValidateAsync());
        Assert.Empty(await bob.ListApiTokensAsync(caller));
        var notice = Assert.Single(await bob.GetNoticesAsync(caller));
        Assert.Equal("api-tokens-revoked", notice.Kind);
        Assert.Contains("deploy", notice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_mfa_reset_ends_the_user_s_api_tokens_and_tells_them()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var caller = world.As("bob", KagiRoles.User);
        var secret = Base32Encoding.ToBytes((await bob.BeginTotpEnrolmentAsync(caller, new PasswordProof(SignInWorld.Password))).Secret);
        await bob.ConfirmTotpAsync(caller, TotpCodes.Compute(secret, DateTimeOffset.UtcNow));
        var token = world.NewSessionKey();
        await bob.CreateApiTokenAsync(caller, new NewApiToken("ci", [KagiRoles.User], DateTimeOffset.UtcNow.AddDays(30), token), new PasswordProof(SignInWorld.Password));

        await bob.ResetMfaAsync(world.Admin);

        Assert.Null(await world.Session(token).ValidateAsync());
        var notice = Assert.Single(await bob.GetNoticesAsync(caller));
        Assert.Equal(("api-tokens-revoked", "10.0.0.1"), (notice.Kind, notice.IpAddress));
        Assert.Contains("ci", notice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrolment_and_api_tokens_need_the_current_password_and_wrong_ones_count_towards_the_lock()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var caller = world.As("bob", KagiRoles.User);
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { Threshold = 2 });
        var key = world.NewSessionKey();

        var enrol = await Assert.ThrowsAsync<KagiException>(() => bob.BeginTotpEnrolmentAsync(caller, new PasswordProof(Wrong)));
        var token = await Assert.ThrowsAsync<KagiException>(() =>
            bob.CreateApiTokenAsync(caller, new NewApiToken("ci", [KagiRoles.User], DateTimeOffset.UtcNow.AddDays(1), key), new PasswordProof(Wrong)));
        var rightButLocked = await Assert.ThrowsAsync<KagiException>(() => bob.BeginTotpEnrolmentAsync(caller, new PasswordProof(SignInWorld.Password)));
        var signIn = await world.SignInAsync("bob", SignInWorld.Password);

        Assert.Equal((ProblemCode.InvalidCredentials, "The current password is wrong."), (enrol.Code, enrol.Message));
        Assert.Equal(ProblemCode.Locked, token.Code);
        Assert.NotNull(token.RetryAfter);
        Assert.Equal(ProblemCode.Locked, rightButLocked.Code);
        Assert.Equal(ProblemCode.Locked, signIn.Refusal);
        Assert.Null(await world.Session(key).ValidateAsync());
        Assert.Empty(await bob.ListApiTokensAsync(caller));
    }

    [Fact]
    public async Task A_right_current_password_clears_earlier_failures_as_a_sign_in_does()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var caller = world.As("bob", KagiRoles.User);
        await world.Security.SetLockoutAsync(world.Admin, new LockoutSettings { Threshold = 2 });

        await Assert.ThrowsAsync<KagiException>(() => bob.BeginTotpEnrolmentAsync(caller, new PasswordProof(Wrong)));
        await bob.BeginTotpEnrolmentAsync(caller, new PasswordProof(SignInWorld.Password));
        var afterwards = await world.SignInAsync("bob", Wrong);

        Assert.Equal(ProblemCode.InvalidCredentials, afterwards.Refusal);
    }
}
