using Kagi.Domain.Idempotency;
using Kagi.Idempotency;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class IdempotencyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid First = Guid.NewGuid();
    private static readonly Guid Second = Guid.NewGuid();
    private static readonly StoredResponse Created = new(201, "application/json", null, [1, 2, 3]);

    [Fact]
    public void A_free_key_is_claimed_by_the_first_attempt_for_the_lifetime()
    {
        var (outcome, state) = IdempotencyRules.Begin(new IdempotencyState(), "body", First, Now);

        Assert.Equal(IdempotencyOutcome.Proceed, outcome);
        Assert.Equal(First, state.Attempt);
        Assert.Equal(Now + IdempotencyRules.Lifetime, state.ExpiresAt);
        Assert.Equal(Now + IdempotencyRules.InFlightLease, state.InFlightUntil);
    }

    [Fact]
    public void While_the_first_attempt_runs_another_is_told_in_flight_and_the_first_asking_again_proceeds()
    {
        var (_, claimed) = IdempotencyRules.Begin(new IdempotencyState(), "body", First, Now);

        Assert.Equal(IdempotencyOutcome.InFlight, IdempotencyRules.Begin(claimed, "body", Second, Now.AddSeconds(1)).Outcome);
        Assert.Equal(IdempotencyOutcome.Proceed, IdempotencyRules.Begin(claimed, "body", First, Now.AddSeconds(1)).Outcome);
    }

    [Fact]
    public void Another_body_with_the_same_key_is_refused_in_flight_or_answered()
    {
        var (_, claimed) = IdempotencyRules.Begin(new IdempotencyState(), "body", First, Now);
        var answered = IdempotencyRules.Answer(claimed, First, Created, [9], Now)!;

        Assert.Equal(IdempotencyOutcome.DifferentRequest, IdempotencyRules.Begin(claimed, "other", Second, Now).Outcome);
        Assert.Equal(IdempotencyOutcome.DifferentRequest, IdempotencyRules.Begin(answered, "other", Second, Now).Outcome);
    }

    [Fact]
    public void An_answered_key_replays_until_it_expires_then_is_free_again()
    {
        var (_, claimed) = IdempotencyRules.Begin(new IdempotencyState(), "body", First, Now);
        var answered = IdempotencyRules.Answer(claimed, First, Created, [9], Now.AddSeconds(1))!;

        Assert.Equal(201, answered.Status);
        Assert.Equal(IdempotencyOutcome.Replay, IdempotencyRules.Begin(answered, "body", Second, Now.AddHours(23)).Outcome);
        Assert.False(IdempotencyRules.IsExpired(answered, Now.AddHours(23)));
        Assert.True(IdempotencyRules.IsExpired(answered, Now + IdempotencyRules.Lifetime));
        Assert.Equal(IdempotencyOutcome.Proceed, IdempotencyRules.Begin(answered, "other", Second, Now + IdempotencyRules.Lifetime).Outcome);
    }

    [Fact]
    public void An_unanswered_claim_lapses_after_its_lease_and_the_late_attempt_can_no_longer_answer_or_release()
    {
        var (_, claimed) = IdempotencyRules.Begin(new IdempotencyState(), "body", First, Now);
        var later = Now + IdempotencyRules.InFlightLease;

        var (outcome, retaken) = IdempotencyRules.Begin(claimed, "body", Second, later);

        Assert.Equal(IdempotencyOutcome.Proceed, outcome);
        Assert.Null(IdempotencyRules.Answer(retaken, First, Created, [9], later));
        Assert.False(IdempotencyRules.MayRelease(retaken, First, later));
        Assert.True(IdempotencyRules.MayRelease(retaken, Second, later));
    }

    [Fact]
    public void An_answered_key_is_not_released_and_not_answered_twice()
    {
        var (_, claimed) = IdempotencyRules.Begin(new IdempotencyState(), "body", First, Now);
        var answered = IdempotencyRules.Answer(claimed, First, Created, [9], Now)!;

        Assert.False(IdempotencyRules.MayRelease(answered, First, Now));
        Assert.Null(IdempotencyRules.Answer(answered, First, Created with { Status = 200 }, [8], Now));
    }
}
