using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>The passkey rules beside TOTP: bound, challenge life, counter, roles that must use one, the last factor.</summary>

public sealed class PasskeyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);
    private static readonly ImmutableArray<string> Admin = ["admin"];
    private static readonly ImmutableArray<string> User = ["user"];
    private static readonly MfaSettings PasskeysForAdmins = new() { PasskeyRequiredForRoles = ["admin"] };

    private static PasskeyCredential Passkey(byte id) => new() { CredentialId = [id, 1, 2, 3], PublicKey = [9], Name = "key " + id, CreatedAt = Now };

    [Fact]
    public void A_challenge_is_redeemed_before_it_expires_and_never_after()
    {
        var challenge = PasskeyRules.Challenge("{\"challenge\":\"abc\"}", Now);
        Assert.Equal("{\"challenge\":\"abc\"}", PasskeyRules.Redeem(challenge, Now + PasskeyRules.ChallengeLifetime - TimeSpan.FromSeconds(1)));
        Assert.Null(PasskeyRules.Redeem(challenge, Now + PasskeyRules.ChallengeLifetime));
        Assert.Null(PasskeyRules.Redeem(null, Now));
    }

    [Fact]
    public void A_user_keeps_at_most_ten_passkeys_and_never_the_same_one_twice()
    {
        var nine = Enumerable.Range(0, 9).Select(i => Passkey((byte)i)).ToImmutableArray();
        Assert.Null(PasskeyRules.CannotAdd(nine, [42, 1, 2, 3]));
        Assert.NotNull(PasskeyRules.CannotAdd(nine, [3, 1, 2, 3]));
        Assert.NotNull(PasskeyRules.CannotAdd(nine.Add(Passkey(9)), [42, 1, 2, 3]));
    }

    [Theory]
    [InlineData(0u, 0u, false)]
    [InlineData(0u, 1u, false)]
    [InlineData(5u, 6u, false)]
    [InlineData(5u, 5u, true)]
    [InlineData(5u, 4u, true)]
    [InlineData(5u, 0u, true)]
    public void A_counter_that_does_not_go_forward_is_a_cloned_authenticator(uint stored, uint presented, bool regressed) =>
        Assert.Equal(regressed, PasskeyRules.CounterRegressed(stored, presented));

    [Fact]
    public void A_role_that_must_use_a_passkey_has_its_codes_refused_once_it_has_one()
    {
        Assert.True(PasskeyRules.PasskeyRequired(PasskeysForAdmins, Admin));
        Assert.False(PasskeyRules.PasskeyRequired(PasskeysForAdmins, User));
        Assert.False(PasskeyRules.OneTimeCodeAccepted(passkeyRequired: true, hasPasskey: true));
        Assert.True(PasskeyRules.OneTimeCodeAccepted(passkeyRequired: true, hasPasskey: false));
        Assert.True(PasskeyRules.OneTimeCodeAccepted(passkeyRequired: false, hasPasskey: true));
    }

    [Fact]
    public void Totp_meets_the_second_factor_requirement_except_for_a_role_that_must_use_a_passkey()
    {
        Assert.True(PasskeyRules.SecondFactorMet(passkeyRequired: false, totpEnabled: true, hasPasskey: false));
        Assert.True(PasskeyRules.SecondFactorMet(passkeyRequired: false, totpEnabled: false, hasPasskey: true));
        Assert.False(PasskeyRules.SecondFactorMet(passkeyRequired: true, totpEnabled: true, hasPasskey: false));
        Assert.True(PasskeyRules.SecondFactorMet(passkeyRequired: true, totpEnabled: false, hasPasskey: true));
        Assert.True(PasskeyRules.SecondFactorRequired(PasskeysForAdmins, Admin));
        Assert.False(PasskeyRules.SecondFactorRequired(new MfaSettings(), Admin));
    }

    [Fact]
    public void The_last_second_factor_the_tenant_requires_is_not_removed()
    {
        var everyone = new MfaSettings { RequiredForEveryone = true };
        Assert.NotNull(PasskeyRules.CannotRemove(everyone, User, totpEnabled: false, passkeysLeft: 0));
        Assert.Null(PasskeyRules.CannotRemove(everyone, User, totpEnabled: true, passkeysLeft: 0));
        Assert.Null(PasskeyRules.CannotRemove(everyone, User, totpEnabled: false, passkeysLeft: 1));
        Assert.Null(PasskeyRules.CannotRemove(new MfaSettings(), User, totpEnabled: false, passkeysLeft: 0));
        // TOTP does not stand in for the passkey a role must use.
        Assert.NotNull(PasskeyRules.CannotRemove(PasskeysForAdmins, Admin, totpEnabled: true, passkeysLeft: 0));
    }

    [Fact]
    public void A_passkey_id_is_a_lowercase_identifier_derived_from_the_credential_id()
    {
        var id = PasskeyRules.IdOf([1, 2, 3]);
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(PasskeyRules.IdOf([1, 1, 2, 3]), Passkey(1).Id);
        Assert.NotEqual(id, PasskeyRules.IdOf([1, 2, 4]));
    }
}
