using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class AccountRetirementTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static AccountState Account() => new() { Exists = true, TargetId = "pg", Username = "app", CreatedAt = Now.AddDays(-3) };

    [Fact]
    public void A_checked_out_account_is_not_removed()
    {
        var held = Account() with { Leases = [new LeaseState("req-1", "bob", Now.AddMinutes(-5), Now.AddHours(1))] };

        Assert.Equal(ProblemCode.CheckedOut, Assert.Throws<KagiException>(() => AccountRetirement.Decide(held, Now)).Code);
    }

    [Fact]
    public void A_lease_that_has_ended_does_not_hold_the_account()
    {
        var ended = Account() with { Leases = [new LeaseState("req-1", "bob", Now.AddHours(-2), Now.AddHours(-1))] };

        Assert.Contains("registered", AccountRetirement.Decide(ended, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_in_the_middle_of_a_rotation_is_not_removed()
    {
        var rotating = Account() with { Rotation = new RotationState { Phase = RotationPhase.Pending, StartedAt = Now } };

        Assert.Equal(ProblemCode.RotationPending, Assert.Throws<KagiException>(() => AccountRetirement.Decide(rotating, Now)).Code);
    }

    [Fact]
    public void A_template_whose_one_time_accounts_await_removal_is_not_removed()
    {
        var template = Account() with
        {
            OneTime = new OneTimeTemplate("pg", "tmp", [], OneTimeEndAction.Remove),
            OneTimeAccounts = [new OneTimeInstance { Username = "tmp_abcd1234", RequestId = "req-1", Holder = "bob" }],
        };

        Assert.Equal(ProblemCode.InvalidState, Assert.Throws<KagiException>(() => AccountRetirement.Decide(template, Now)).Code);
    }

    [Fact]
    public void The_answer_says_the_password_stays_as_Kagi_last_set_it()
    {
        var rotated = Account() with { Rotation = RotationState.Idle with { LastRotatedAt = Now.AddHours(-3) } };

        var left = AccountRetirement.Decide(rotated, Now);

        Assert.Contains("left as Kagi last set it", left, StringComparison.Ordinal);
        Assert.Contains("2026-12-05T07:00:00Z", left, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_without_one_time_accounts_left_says_nothing_is_left_on_the_target()
    {
        var template = Account() with { OneTime = new OneTimeTemplate("pg", "tmp", [], OneTimeEndAction.Remove) };

        Assert.Contains("nothing of it is left", AccountRetirement.Decide(template, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void An_out_of_sync_account_is_said_to_be_left_as_it_is_on_the_target()
    {
        var outOfSync = Account() with { Rotation = RotationState.Idle with { Phase = RotationPhase.OutOfSync } };

        Assert.Contains("neither password", AccountRetirement.Decide(outOfSync, Now), StringComparison.Ordinal);
    }
}
