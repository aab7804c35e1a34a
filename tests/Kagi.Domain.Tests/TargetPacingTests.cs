using Kagi.Domain.Vault;
using Kagi.Vault;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>The per-target pacing of Kagi's own rotations and heartbeats, under a fake clock.</summary>
public sealed class TargetPacingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 5, 1, 3, 0, 0, TimeSpan.Zero));
    private DateTimeOffset? _bucket;

    private DateTimeOffset Reserve(TargetRateLimit limit)
    {
        var (turn, arrival) = TargetPacing.Reserve(limit, _bucket, _clock.GetUtcNow());
        _bucket = arrival;
        return turn;
    }

    [Fact]
    public void A_burst_goes_at_once_and_the_rest_are_spaced_one_interval_apart()
    {
        var limit = new TargetRateLimit { PerMinute = 60, Burst = 3 };
        var start = _clock.GetUtcNow();

        var turns = Enumerable.Range(0, 6).Select(_ => Reserve(limit)).ToList();

        Assert.Equal([0, 0, 0, 1, 2, 3], turns.Select(t => (int)(t - start).TotalSeconds));
    }

    [Fact]
    public void The_default_allows_five_a_second()
    {
        var start = _clock.GetUtcNow();

        var turns = Enumerable.Range(0, 10).Select(_ => Reserve(TargetRateLimit.Default)).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(200), TargetPacing.Interval(TargetRateLimit.Default));
        Assert.All(turns.Take(5), t => Assert.Equal(start, t));
        Assert.Equal(start.AddSeconds(1), turns[^1]);
    }

    [Fact]
    public void An_idle_target_fills_its_bucket_again_but_never_beyond_the_burst()
    {
        var limit = new TargetRateLimit { PerMinute = 2, Burst = 2 };
        var start = _clock.GetUtcNow();
        Assert.Equal([start, start, start.AddSeconds(30)], Enumerable.Range(0, 3).Select(_ => Reserve(limit)));

        _clock.Advance(TimeSpan.FromHours(1));
        var now = _clock.GetUtcNow();

        Assert.Equal([now, now, now.AddSeconds(30)], Enumerable.Range(0, 3).Select(_ => Reserve(limit)));
    }

    [Fact]
    public void Close_turns_are_waited_for_in_place_far_ones_are_come_back_for()
    {
        var now = _clock.GetUtcNow();

        Assert.True(TargetPacing.WaitInPlace(now, now));
        Assert.True(TargetPacing.WaitInPlace(now + TargetPacing.MaximumInlineWait, now));
        Assert.False(TargetPacing.WaitInPlace(now + TargetPacing.MaximumInlineWait + TimeSpan.FromTicks(1), now));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(60_001, 1)]
    [InlineData(60, 0)]
    [InlineData(60, 1_001)]
    public void Impossible_limits_are_refused(int perMinute, int burst) =>
        Assert.NotNull(TargetPacing.Problem(new TargetRateLimit { PerMinute = perMinute, Burst = burst }));

    [Fact]
    public void An_accounts_heartbeat_and_retry_wait_for_its_turn_on_the_target()
    {
        var now = _clock.GetUtcNow();
        var account = new AccountState { Exists = true, CreatedAt = now, Policy = new AccountPolicy { Heartbeat = TimeSpan.FromMinutes(1) } };
        var turn = now.AddMinutes(5);
        var waiting = account with { TargetSlot = turn };

        Assert.True(AccountAgenda.Due(account, "a/b", now.AddMinutes(2)).Heartbeat);
        Assert.False(AccountAgenda.Due(waiting, "a/b", now.AddMinutes(2)).Heartbeat);
        Assert.True(AccountAgenda.Due(waiting, "a/b", turn).Heartbeat);
        Assert.Equal(turn, AccountAgenda.NextDue(waiting, "a/b"));
        var deferred = waiting with { Rotation = RotationPlan.Deferred(RotationPlan.Request(RotationState.Idle, now, "schedule", () => [1]), turn) };
        Assert.Equal(0, deferred.Rotation.FailedAttempts);
        Assert.False(AccountAgenda.Due(deferred, "a/b", turn.AddTicks(-1)).RotationRetry);
        Assert.True(AccountAgenda.Due(deferred, "a/b", turn).RotationRetry);
    }
}
