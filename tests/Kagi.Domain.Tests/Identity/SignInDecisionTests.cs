using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

/// <summary>The sign-in policy without a silo: the order of the stages and what each answers.</summary>
public sealed class SignInDecisionTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly TenantSecuritySettings Defaults = new();

    [Fact]
    public void A_blocked_source_is_answered_before_the_lock_and_the_lock_before_the_password()
    {
        var both = SignInDecision.BeforePassword(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(9))!;
        Assert.Equal((SignInReasons.SourceBlocked, ProblemCode.SourceBlocked, TimeSpan.FromMinutes(5)), (both.Reason, both.Refusal!.Value, both.RetryAfter!.Value));

        var locked = SignInDecision.BeforePassword(null, TimeSpan.FromMinutes(9))!;
        Assert.Equal((SignInReasons.Locked, ProblemCode.Locked, TimeSpan.FromMinutes(9)), (locked.Reason, locked.Refusal!.Value, locked.RetryAfter!.Value));

        Assert.Null(SignInDecision.BeforePassword(null, null));
    }

    [Fact]
    public void Unknown_user_wrong_password_and_disabled_get_the_same_words_and_only_the_first_two_count()
    {
        var (unknown, unknownCounts) = SignInDecision.Credentials(known: false, passwordMatches: false, disabled: false);
        var (wrong, wrongCounts) = SignInDecision.Credentials(known: true, passwordMatches: false, disabled: false);
        var (disabled, disabledCounts) = SignInDecision.Credentials(known: true, passwordMatches: true, disabled: true);

        Assert.Equal([SignInReasons.UnknownUser, SignInReasons.WrongPassword, SignInReasons.Disabled], [unknown!.Reason, wrong!.Reason, disabled!.Reason]);
        Assert.All([unknown, wrong, disabled], r => Assert.Equal((ProblemCode.InvalidCredentials, SignInDecision.InvalidCredentials), (r.Refusal!.Value, r.Message!)));
        Assert.Equal([true, true, false], [unknownCounts, wrongCounts, disabledCounts]);

        // A disabled user with a wrong password is a wrong password: nothing tells the account is disabled.
        Assert.Equal(SignInReasons.WrongPassword, SignInDecision.Credentials(known: true, passwordMatches: false, disabled: true).Refusal!.Reason);
        Assert.Equal((null, false), SignInDecision.Credentials(known: true, passwordMatches: true, disabled: false));
    }

    [Fact]
    public void A_failure_that_locks_answers_locked_before_a_source_block_it_caused()
    {
        var wrong = SignInDecision.Credentials(known: true, passwordMatches: false, disabled: false).Refusal!;

        Assert.Equal("wrong-password;locked", SignInDecision.AfterFailure(wrong, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)).Reason);
        Assert.Equal("wrong-password;source-blocked", SignInDecision.AfterFailure(wrong, null, TimeSpan.FromMinutes(2)).Reason);
        Assert.Same(wrong, SignInDecision.AfterFailure(wrong, null, null));
    }

    [Theory]
    [InlineData(RiskDecision.Allow, false, null)]
    [InlineData(RiskDecision.StepUp, true, null)]
    [InlineData(RiskDecision.StepUp, false, SignInReasons.RiskStepUpWithoutMfa)]
    [InlineData(RiskDecision.Block, true, SignInReasons.RiskBlocked)]
    public void Risk_refuses_a_block_and_a_step_up_nobody_can_answer(RiskDecision decision, bool mfaEnabled, string? refused)
    {
        var answer = SignInDecision.Risk(new RiskAssessment(70, ["new-network"], decision), mfaEnabled);

        Assert.Equal(refused, answer?.Reason);
        if (answer is not null)
        {
            Assert.Equal((ProblemCode.RiskBlocked, 70), (answer.Refusal!.Value, answer.RiskScore!.Value));
        }
    }

    [Fact]
    public void A_session_ends_at_the_tenant_lifetime_or_the_shorter_cap_asked_for()
    {
        var terms = SignInDecision.Session(Defaults, [KagiRoles.User], mfaEnabled: false, "198.51.100.7", Now, Now, maximumLifetime: null);
        var capped = SignInDecision.Session(Defaults, [KagiRoles.User], mfaEnabled: false, "198.51.100.7", Now, Now, TimeSpan.FromMinutes(10));
        var longer = SignInDecision.Session(Defaults, [KagiRoles.User], mfaEnabled: false, "198.51.100.7", Now, Now, TimeSpan.FromDays(3));

        Assert.Equal((null, SessionRestriction.None, Now + Defaults.Sessions.Lifetime), (terms.Refusal, terms.Restriction, terms.ExpiresAt));
        Assert.Equal(Now.AddMinutes(10), capped.ExpiresAt);
        Assert.Equal(Now + Defaults.Sessions.Lifetime, longer.ExpiresAt);
    }

    [Fact]
    public void A_required_second_factor_not_yet_enrolled_restricts_the_session_before_an_expired_password_does()
    {
        var settings = Defaults with
        {
            Mfa = new MfaSettings { RequiredForRoles = [KagiRoles.Admin] },
            PasswordPolicy = new PasswordPolicySettings { MaximumAgeDays = 90 },
        };
        var old = Now.AddDays(-91);

        Assert.Equal(SessionRestriction.EnrolMfa, SignInDecision.Session(settings, [KagiRoles.Admin], false, null, old, Now, null).Restriction);
        Assert.Equal(SessionRestriction.ChangePassword, SignInDecision.Session(settings, [KagiRoles.Admin], true, null, old, Now, null).Restriction);
        Assert.Equal(SessionRestriction.ChangePassword, SignInDecision.Session(settings, [KagiRoles.User], false, null, old, Now, null).Restriction);
        Assert.Equal(SessionRestriction.None, SignInDecision.Session(settings, [KagiRoles.User], false, null, Now.AddDays(-89), Now, null).Restriction);
    }

    [Fact]
    public void An_address_outside_the_role_allow_list_gets_no_session()
    {
        var settings = Defaults with
        {
            IpAllowList = new IpAllowListSettings
            {
                RoleCidrs = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add(KagiRoles.Admin, ["203.0.113.0/24"]),
            },
        };

        var outside = SignInDecision.Session(settings, [KagiRoles.Admin], true, "198.51.100.7", Now, Now, null);
        Assert.Equal((SignInReasons.IpNotAllowed, ProblemCode.IpNotAllowed), (outside.Refusal!.Reason, outside.Refusal.Refusal!.Value));
        Assert.Null(SignInDecision.Session(settings, [KagiRoles.Admin], true, "203.0.113.9", Now, Now, null).Refusal);
        Assert.Null(SignInDecision.Session(settings, [KagiRoles.User], true, "198.51.100.7", Now, Now, null).Refusal);
    }
}
