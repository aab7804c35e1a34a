using Kagi.Domain.Egress;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kagi.Tests.Domain.Egress;

/// <summary>The per-tenant pace of target logins people make Kagi try, under a fake clock.</summary>
public sealed class VerificationPacingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 5, 1, 3, 0, 0, TimeSpan.Zero));
    private DateTimeOffset? _bucket;

    private VerificationTurn Take()
    {
        var turn = VerificationPacing.Take(_bucket, _clock.GetUtcNow());
        _bucket = turn.TheoreticalArrival;
        return turn;
    }

    [Fact]
    public void A_burst_goes_at_once_and_the_next_try_is_refused_until_one_interval_has_passed()
    {
        var burst = Enumerable.Range(0, VerificationPacing.Burst).Select(_ => Take()).ToList();
        var refused = Take();

        Assert.All(burst, turn => Assert.True(turn.Allowed));
        Assert.False(refused.Allowed);
        Assert.Equal(VerificationPacing.Interval, refused.RetryAfter);

        _clock.Advance(refused.RetryAfter - TimeSpan.FromMilliseconds(1));
        Assert.False(Take().Allowed);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(Take().Allowed);
        Assert.False(Take().Allowed);
    }

    [Fact]
    public void Refused_tries_take_nothing_so_hammering_does_not_push_the_next_turn_away()
    {
        for (var i = 0; i < VerificationPacing.Burst; i++)
        {
            Take();
        }

        var first = Take();
        for (var i = 0; i < 50; i++)
        {
            Assert.False(Take().Allowed);
        }

        Assert.Equal(first.RetryAfter, Take().RetryAfter);
    }

    [Fact]
    public void After_a_quiet_minute_the_tenant_has_the_minutes_worth_of_tries_again()
    {
        for (var i = 0; i < VerificationPacing.Burst; i++)
        {
            Take();
        }

        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(VerificationPacing.PerMinute, Enumerable.Range(0, VerificationPacing.Burst).Count(_ => Take().Allowed));
    }

    [Fact]
    public void Retry_after_is_whole_seconds_and_never_zero_when_refused()
    {
        for (var i = 0; i < VerificationPacing.Burst; i++)
        {
            Take();
        }

        _clock.Advance(TimeSpan.FromMilliseconds(300));
        var refused = Take();

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.RetryAfter);
    }

    [Fact]
    public void A_try_that_logged_in_is_given_back_so_only_failed_tries_use_up_the_burst()
    {
        for (var i = 0; i < VerificationPacing.Burst * 3; i++)
        {
            Assert.True(Take().Allowed);
            _bucket = VerificationPacing.Refund(_bucket, _clock.GetUtcNow());
        }

        var failed = Enumerable.Range(0, VerificationPacing.Burst).Select(_ => Take()).ToList();
        Assert.All(failed, turn => Assert.True(turn.Allowed));
        Assert.False(Take().Allowed);
    }

    [Fact]
    public void A_refund_never_puts_the_bucket_beyond_full()
    {
        Assert.True(Take().Allowed);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Null(VerificationPacing.Refund(_bucket, _clock.GetUtcNow()));
        Assert.Null(VerificationPacing.Refund(null, _clock.GetUtcNow()));
    }
}
