using Kagi.Domain.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>Pure rules of the two-phase rotation: request, first step, reconcile, commit, back-off.</summary>
public sealed class RotationPlanTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] FirstSealed = [1, 2, 3];
    private static readonly byte[] SecondSealed = [9, 9, 9];

    private static RotationState Pending() => RotationPlan.Request(RotationState.Idle, Now, "schedule", () => FirstSealed);

    [Fact]
    public void A_request_from_idle_seals_a_new_pending_password_and_is_due_now()
    {
        var calls = 0;

        var state = RotationPlan.Request(RotationState.Idle, Now, "check-in", () =>
        {
            calls++;
            return FirstSealed;
        });

        Assert.Equal(1, calls);
        Assert.Equal(RotationPhase.Pending, state.Phase);
        Assert.Same(FirstSealed, state.PendingSecret);
        Assert.Equal(Now, state.StartedAt);
        Assert.Equal(0, state.FailedAttempts);
        Assert.Equal(Now, state.NextAttemptAt);
        Assert.Null(state.LastError);
        Assert.Equal("check-in", state.Trigger);
        Assert.True(RotationPlan.IsDue(state, Now));
    }

    [Fact]
    public void A_request_while_pending_keeps_the_existing_pending_password_without_sealing_another()
    {
        var failed = RotationPlan.Failed(Pending(), Now, "timeout");
        var later = Now.AddMinutes(1);
        var calls = 0;

        var state = RotationPlan.Request(failed, later, "manual", () =>
        {
            calls++;
            return SecondSealed;
        });

        Assert.Equal(0, calls);
        Assert.Same(FirstSealed, state.PendingSecret);
        Assert.Equal(RotationPhase.Pending, state.Phase);
        Assert.Equal(Now, state.StartedAt);
        Assert.Equal(1, state.FailedAttempts);
        Assert.Equal(later, state.NextAttemptAt);
        Assert.True(RotationPlan.IsDue(state, later));
        // Still a retry: the target may hold the pending password already.
        Assert.Equal(RotationStep.Reconcile, RotationPlan.FirstStep(state));
    }

    [Fact]
    public void A_request_while_out_of_sync_keeps_the_pending_password_and_reconciles_first()
    {
        var outOfSync = RotationPlan.OutOfSync(RotationPlan.Failed(Pending(), Now, "x"), "neither works");
        var calls = 0;

        var state = RotationPlan.Request(outOfSync, Now.AddHours(1), "manual", () =>
        {
            calls++;
            return SecondSealed;
        });

        Assert.Equal(0, calls);
        Assert.Same(FirstSealed, state.PendingSecret);
        Assert.Equal(RotationPhase.Pending, state.Phase);
        Assert.Equal(RotationStep.Reconcile, RotationPlan.FirstStep(state));
    }

    [Fact]
    public void The_first_attempt_changes_the_password_on_the_target()
    {
        Assert.Equal(RotationStep.ChangeOnTarget, RotationPlan.FirstStep(Pending()));
    }

    [Fact]
    public void An_attempt_after_a_failure_reconciles_with_the_target_first()
    {
        var failed = RotationPlan.Failed(Pending(), Now, "timeout");

        Assert.Equal(RotationStep.Reconcile, RotationPlan.FirstStep(failed));
    }

    [Fact]
    public void Nothing_is_done_when_idle_or_out_of_sync()
    {
        var outOfSync = RotationPlan.OutOfSync(Pending(), "neither works");

        Assert.Equal(RotationStep.None, RotationPlan.FirstStep(RotationState.Idle));
        Assert.Equal(RotationStep.None, RotationPlan.FirstStep(outOfSync));
    }

    [Theory]
    [InlineData(true, true, RotationStep.Commit)]
    [InlineData(true, false, RotationStep.Commit)]
    [InlineData(false, true, RotationStep.ChangeOnTarget)]
    [InlineData(false, false, RotationStep.OutOfSync)]
    public void Reconcile_follows_whichever_password_the_target_accepts(bool acceptsPending, bool acceptsCurrent, RotationStep expected)
    {
        Assert.Equal(expected, RotationPlan.Reconcile(acceptsPending, acceptsCurrent));
    }

    [Fact]
    public void Committing_clears_the_pending_password_and_records_the_rotation_time()
    {
        var failed = RotationPlan.Failed(Pending(), Now, "timeout");
        var committedAt = Now.AddMinutes(2);

        var state = RotationPlan.Committed(failed, committedAt);

        Assert.Equal(RotationPhase.Idle, state.Phase);
        Assert.Null(state.PendingSecret);
        Assert.Null(state.StartedAt);
        Assert.Equal(0, state.FailedAttempts);
        Assert.Null(state.NextAttemptAt);
        Assert.Null(state.LastError);
        Assert.Equal(committedAt, state.LastRotatedAt);
        Assert.False(RotationPlan.IsDue(state, committedAt.AddYears(1)));
    }

    [Fact]
    public void A_new_request_after_commit_seals_a_fresh_password()
    {
        var committed = RotationPlan.Committed(Pending(), Now);

        var state = RotationPlan.Request(committed, Now.AddDays(1), "schedule", () => SecondSealed);

        Assert.Same(SecondSealed, state.PendingSecret);
        Assert.Equal(Now, state.LastRotatedAt);
    }

    [Fact]
    public void A_failure_counts_the_attempt_records_the_error_and_backs_off()
    {
        var state = RotationPlan.Failed(Pending(), Now, "target timed out");

        Assert.Equal(1, state.FailedAttempts);
        Assert.Equal("target timed out", state.LastError);
        Assert.Equal(Now + TimeSpan.FromSeconds(15), state.NextAttemptAt);
        Assert.Same(FirstSealed, state.PendingSecret);
        Assert.Equal(RotationPhase.Pending, state.Phase);
    }

    [Fact]
    public void Back_off_doubles_from_15_seconds_and_is_capped_at_15_minutes()
    {
        var expectedSeconds = new[] { 15, 30, 60, 120, 240, 480, 900, 900, 900 };
        var state = Pending();
        var at = Now;

        foreach (var seconds in expectedSeconds)
        {
            state = RotationPlan.Failed(state, at, "again");
            Assert.Equal(at + TimeSpan.FromSeconds(seconds), state.NextAttemptAt);
            at = state.NextAttemptAt!.Value;
        }

        Assert.Equal(expectedSeconds.Length, state.FailedAttempts);
    }

    [Theory]
    [InlineData(0, 15)]
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(3, 60)]
    [InlineData(6, 480)]
    [InlineData(7, 900)]
    [InlineData(17, 900)]
    [InlineData(100, 900)]
    [InlineData(int.MaxValue, 900)]
    public void Retry_delay_for_a_number_of_failures(int failedAttempts, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RotationPlan.RetryDelay(failedAttempts));
    }

    [Fact]
    public void A_rotation_is_due_only_when_pending_and_its_time_has_come()
    {
        var failed = RotationPlan.Failed(Pending(), Now, "x");
        var next = failed.NextAttemptAt!.Value;

        Assert.False(RotationPlan.IsDue(failed, next.AddTicks(-1)));
        Assert.True(RotationPlan.IsDue(failed, next));
        Assert.True(RotationPlan.IsDue(failed, next.AddHours(1)));
        Assert.False(RotationPlan.IsDue(RotationState.Idle, Now));
        Assert.False(RotationPlan.IsDue(RotationPlan.OutOfSync(failed, "neither"), next.AddHours(1)));
        Assert.False(RotationPlan.IsDue(failed with { NextAttemptAt = null }, next.AddHours(1)));
    }

    [Fact]
    public void Out_of_sync_stops_retries_and_keeps_the_pending_password_for_a_person()
    {
        var state = RotationPlan.OutOfSync(RotationPlan.Failed(Pending(), Now, "x"), "neither password works");

        Assert.Equal(RotationPhase.OutOfSync, state.Phase);
        Assert.Null(state.NextAttemptAt);
        Assert.Equal("neither password works", state.LastError);
        Assert.Same(FirstSealed, state.PendingSecret);
    }
}
