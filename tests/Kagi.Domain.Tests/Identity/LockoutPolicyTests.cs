using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Tenancy;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class LockoutPolicyTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 5, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly LockoutPolicy _policy = new(new LockoutSettings());

    private LockoutState Fail(LockoutState state, int times)
    {
        for (var i = 0; i < times; i++)
        {
            state = _policy.RecordFailure(state, _clock.GetUtcNow());
        }

        return state;
    }

    [Fact]
    public void Four_failures_do_not_lock_and_the_fifth_locks_for_fifteen_minutes()
    {
        var state = Fail(new LockoutState(), 4);
        Assert.False(_policy.IsLocked(state, _clock.GetUtcNow()));

        state = Fail(state, 1);

        Assert.True(_policy.IsLocked(state, _clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromMinutes(15), _policy.RetryAfter(state, _clock.GetUtcNow()));
    }

    [Fact]
    public void The_lock_ends_by_itself_when_the_clock_reaches_its_end()
    {
        var state = Fail(new LockoutState(), 5);

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True(_policy.IsLocked(state, _clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromMinutes(1), _policy.RetryAfter(state, _clock.GetUtcNow()));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(_policy.IsLocked(state, _clock.GetUtcNow()));
        Assert.Equal(TimeSpan.Zero, _policy.RetryAfter(state, _clock.GetUtcNow()));
    }

    [Fact]
    public void The_unlock_timer_fires_under_a_fake_clock_and_the_decision_unlocks()
    {
        // The grain arms a one-shot timer for LockedUntil - now and, when it fires, asks the policy.
        var state = Fail(new LockoutState(), 5);
        var fired = false;
        using var timer = _clock.CreateTimer(_ =>
        {
            if (!_policy.IsLocked(state, _clock.GetUtcNow()))
            {
                state = LockoutPolicy.Unlock(state);
                fired = true;
            }
        }, null, _policy.RetryAfter(state, _clock.GetUtcNow()), Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.False(fired);
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(fired);
        Assert.Null(state.LockedUntil);
        Assert.Equal(0, state.ConsecutiveFailures);
    }

    [Fact]
    public void Each_repeated_lock_doubles_until_the_maximum()
    {
        var policy = new LockoutPolicy(new LockoutSettings { Threshold = 1, Duration = TimeSpan.FromMinutes(15), MaximumDuration = TimeSpan.FromHours(1) });
        var state = new LockoutState();
        var lengths = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            state = policy.RecordFailure(state, _clock.GetUtcNow());
            lengths.Add(policy.RetryAfter(state, _clock.GetUtcNow()));
            state = LockoutPolicy.Unlock(state);
        }

        Assert.Equal([TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(1)], lengths);
    }

    [Fact]
    public void A_success_clears_failures_and_the_repeat_count()
    {
        var state = Fail(new LockoutState(), 4);

        state = LockoutPolicy.RecordSuccess();

        Assert.Equal(new LockoutState(), state);
        Assert.False(_policy.IsLocked(Fail(state, 4), _clock.GetUtcNow()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_threshold_outside_one_to_a_hundred_is_refused(int threshold) =>
        Assert.Equal(ProblemCode.Invalid, Assert.Throws<KagiException>(() => LockoutPolicy.Validate(new LockoutSettings { Threshold = threshold })).Code);

    [Fact]
    public void The_default_lockout_settings_are_valid() => LockoutPolicy.Validate(new LockoutSettings());

    [Fact]
    public void Settings_letting_more_than_a_hundred_guesses_an_hour_through_are_refused()
    {
        // 5 guesses, lock 15 min, 5 more, lock 30 min, 5 more: 15 an hour.
        Assert.Equal(15, LockoutPolicy.GuessesPerHour(new LockoutSettings()));

        var lax = new LockoutSettings { Threshold = 50, Duration = TimeSpan.FromMinutes(5) };
        var refused = Assert.Throws<KagiException>(() => LockoutPolicy.Validate(lax));

        Assert.Contains("wrong passwords through in an hour", refused.Message, StringComparison.Ordinal);
        LockoutPolicy.Validate(lax with { Duration = TimeSpan.FromHours(1) });
    }
}
