using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

/// <summary>Refused settings name their fields as the API's body does, so the console can show each problem beside its input.</summary>
public sealed class SettingsProblemsTests
{
    [Fact]
    public void A_refused_password_policy_names_each_wrong_field_and_keeps_its_sentence()
    {
        var refused = Assert.Throws<KagiException>(() => PasswordPolicy.Validate(new PasswordPolicySettings { MinimumLength = 8, HistoryCount = 99 }));

        Assert.Equal(ProblemCode.Invalid, refused.Code);
        Assert.Equal(["historyCount", "minimumLength"], refused.Fields!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("minimumLength must be from 12 to 64", refused.Fields["minimumLength"]);
        Assert.StartsWith("The password policy is invalid: minimumLength must be from 12 to 64; historyCount", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_guesses_an_hour_is_laid_on_the_threshold()
    {
        var refused = Assert.Throws<KagiException>(() => LockoutPolicy.Validate(new LockoutSettings { Threshold = 50, Duration = TimeSpan.FromMinutes(5) }));

        Assert.Equal(["threshold"], refused.Fields!.Keys);
    }

    [Fact]
    public void Session_idle_time_longer_than_the_lifetime_is_laid_on_the_idle_field_only()
    {
        var refused = Assert.Throws<KagiException>(() => SessionClock.Validate(new SessionSettings { Lifetime = TimeSpan.FromMinutes(30), IdleTimeout = TimeSpan.FromMinutes(60) }));

        Assert.Equal(["idleMinutes"], refused.Fields!.Keys);
    }

    [Fact]
    public void Adaptive_and_allow_list_problems_name_their_fields()
    {
        var adaptive = Assert.Throws<KagiException>(() => RiskScorer.Validate(new AdaptiveAuthSettings { TimeZone = "Mars/Olympus", StepUpScore = 90, BlockScore = 10 }));
        var allowList = Assert.Throws<KagiException>(() => IpAllowList.Normalize(new IpAllowListSettings
        {
            Cidrs = ["10.0.0.0/8", "not-a-network"],
            RoleCidrs = System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<string>>.Empty.Add("auditor", ["300.1.1.1/8"]),
        }));

        Assert.Equal(["stepUpScore", "timeZone"], adaptive.Fields!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["cidrs", "roleCidrs.auditor"], allowList.Fields!.Keys.Order(StringComparer.Ordinal));
    }
}
