using Kagi.Domain.Sso;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Sso;
using Xunit;

namespace Kagi.Tests.Domain.Sso;

public sealed class SsoSignInRulesTests
{
    private static readonly SsoIdentity Alice = new("corp", "sub-1", "alice", [KagiRoles.User], []);

    [Fact]
    public void A_vouched_for_person_with_a_role_passes() => Assert.Null(SsoSignInRules.Refusal(Alice, false, false, null));

    [Fact]
    public void No_mapped_role_is_refused_before_anything_is_created()
    {
        var refusal = SsoSignInRules.Refusal(Alice with { Roles = [] }, false, false, null);
        Assert.Equal(SsoReasons.NoRole, refusal!.Reason);
        Assert.Equal(ProblemCode.SsoRefused, refusal.Refusal);
    }

    [Fact]
    public void A_deleted_name_and_a_disabled_user_are_refused()
    {
        Assert.Equal(SignInReasons.UnknownUser, SsoSignInRules.Refusal(Alice, true, false, null)!.Reason);
        Assert.Equal(SignInReasons.Disabled, SsoSignInRules.Refusal(Alice, false, true, new SsoLink("corp", "sub-1"))!.Reason);
    }

    [Fact]
    public void A_user_bound_to_one_subject_is_reached_by_that_subject_only()
    {
        Assert.Null(SsoSignInRules.Refusal(Alice, false, false, new SsoLink("corp", "sub-1")));
        Assert.Equal(SsoReasons.OtherSubject, SsoSignInRules.Refusal(Alice, false, false, new SsoLink("corp", "sub-2"))!.Reason);
        Assert.Equal(SsoReasons.OtherSubject, SsoSignInRules.Refusal(Alice, false, false, new SsoLink("other-idp", "sub-1"))!.Reason);
    }
}
