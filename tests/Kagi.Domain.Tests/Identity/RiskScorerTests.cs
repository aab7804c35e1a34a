using Kagi.Domain.Identity;
using Kagi.Identity;
using Kagi.Tenancy;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class RiskScorerTests
{
    private static readonly GeoPoint Berlin = new(52.52, 13.40);
    private static readonly GeoPoint Sydney = new(-33.87, 151.21);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 5, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly RiskScorer _scorer = new(new AdaptiveAuthSettings { Enabled = true });

    private static RiskContext Office(string? device = "dev-1", GeoPoint? location = null, int sourceFailedUsers = 0) =>
        new("192.0.2.10", device, "ua-1", location, sourceFailedUsers);

    private RiskAssessment Assess(RiskProfile profile, RiskContext context) => _scorer.Assess(profile, context, _clock.GetUtcNow(), sprayThreshold: 10);

    private RiskProfile Known() => _scorer.Learn(new RiskProfile(), Office(location: Berlin), _clock.GetUtcNow());

    [Fact]
    public void A_first_sign_in_has_nothing_to_compare_with_and_scores_zero() =>
        Assert.Equal(new RiskAssessment(0, [], RiskDecision.Allow), Assess(new RiskProfile(), Office()) with { Signals = [] });

    [Fact]
    public void A_usual_subnet_device_and_agent_score_zero() =>
        Assert.Empty(Assess(Known(), Office() with { IpAddress = "192.0.2.200" }).Signals);

    [Fact]
    public void A_new_subnet_and_device_need_a_step_up()
    {
        var assessment = Assess(Known(), new RiskContext("198.51.100.7", null, "ua-1", null, 0));

        Assert.Equal(["new-subnet:+30", "new-device:+20"], assessment.Signals.ToArray());
        Assert.Equal((50, RiskDecision.StepUp), (assessment.Score, assessment.Decision));
    }

    [Fact]
    public void Subnets_are_remembered_as_slash_24_for_IPv4_and_slash_48_for_IPv6()
    {
        Assert.Equal("192.0.2.0/24", RiskScorer.Subnet("192.0.2.77"));
        Assert.Equal("2001:db8:1::/48", RiskScorer.Subnet("2001:db8:1:2:3::9"));
        Assert.Equal("203.0.113.0/24", RiskScorer.Subnet("::ffff:203.0.113.5"));
        Assert.Null(RiskScorer.Subnet("nonsense"));
    }

    [Fact]
    public void A_spraying_source_blocks_even_the_right_password()
    {
        var assessment = Assess(Known(), Office(sourceFailedUsers: 5));

        Assert.Equal(["spraying-source:+80"], assessment.Signals.ToArray());
        Assert.Equal(RiskDecision.Block, assessment.Decision);
    }

    [Fact]
    public void Failures_raise_velocity_and_carried_suspicion_that_halves_every_half_life()
    {
        var profile = Known();
        for (var i = 0; i < 4; i++)
        {
            profile = _scorer.RecordFailure(profile, RiskScorer.FailureWeight, _clock.GetUtcNow());
        }

        Assert.Equal(["failure-velocity:+20", "elevated-risk:+40"], Assess(profile, Office()).Signals.ToArray());

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(["failure-velocity:+20", "elevated-risk:+28"], Assess(profile, Office()).Signals.ToArray());

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(20, _scorer.Decay(profile, _clock.GetUtcNow()).Score, 3);
        Assert.Equal(["elevated-risk:+20"], Assess(profile, Office()).Signals.ToArray());

        _clock.Advance(TimeSpan.FromHours(3));
        Assert.Empty(Assess(profile, Office()).Signals);
    }

    [Fact]
    public void Signing_in_at_an_hour_never_seen_before_in_the_tenant_s_time_zone_is_unusual()
    {
        var tokyo = new RiskScorer(new AdaptiveAuthSettings { Enabled = true, TimeZone = "Asia/Tokyo" });
        var profile = new RiskProfile();
        for (var day = 0; day < 10; day++)
        {
            // 09:00 UTC is 18:00 in Tokyo.
            profile = tokyo.Learn(profile, Office(), _clock.GetUtcNow().AddDays(-day));
        }

        Assert.Equal(10, profile.Hours[18]);
        Assert.Empty(tokyo.Assess(profile, Office(), _clock.GetUtcNow(), 10).Signals);
        Assert.Equal(["unusual-hour:+15"], tokyo.Assess(profile, Office(), _clock.GetUtcNow().AddHours(12), 10).Signals.ToArray());
    }

    [Fact]
    public void Travel_faster_than_an_airliner_is_impossible()
    {
        var profile = Known();
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(["impossible-travel:+60"], Assess(profile, Office(location: Sydney)).Signals.ToArray());

        _clock.Advance(TimeSpan.FromHours(30));
        Assert.Empty(Assess(profile, Office(location: Sydney)).Signals);
        Assert.InRange(RiskScorer.DistanceKm(Berlin, Sydney), 16_000, 16_100);
    }

    [Fact]
    public void When_adaptive_authentication_is_off_signals_are_still_reported_but_everything_is_allowed()
    {
        var observing = new RiskScorer(new AdaptiveAuthSettings());

        var assessment = observing.Assess(Known(), Office(sourceFailedUsers: 9), _clock.GetUtcNow(), 10);

        Assert.Equal((80, RiskDecision.Allow), (assessment.Score, assessment.Decision));
    }

    [Theory]
    [InlineData(50, 40, "UTC", 60)]
    [InlineData(40, 80, "Mars/Olympus", 60)]
    [InlineData(40, 80, "UTC", 0)]
    public void Invalid_adaptive_settings_are_refused(int stepUp, int block, string zone, int halfLifeSeconds) =>
        Assert.Throws<Kagi.Errors.KagiException>(() => RiskScorer.Validate(new AdaptiveAuthSettings
        {
            StepUpScore = stepUp, BlockScore = block, TimeZone = zone, DecayHalfLife = TimeSpan.FromSeconds(halfLifeSeconds),
        }));
}
