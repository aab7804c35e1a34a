using Kagi.Domain.Vault;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class RotationPlanResetTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_out_of_sync_account_is_reset_with_a_fresh_password_changed_directly_on_the_target()
    {
        var outOfSync = RotationPlan.OutOfSync(new RotationState { Phase = RotationPhase.Pending, PendingSecret = [1], FailedAttempts = 3 }, "lost");

        var reset = RotationPlan.Reset(outOfSync, Now, () => [2]);

        Assert.Equal(RotationPhase.Pending, reset.Phase);
        Assert.Equal([2], reset.PendingSecret);
        Assert.Equal(RotationStep.ChangeOnTarget, RotationPlan.FirstStep(reset));
        Assert.Equal("reconcile", reset.Trigger);
    }

    [Fact]
    public void An_attempt_arms_a_retry_in_case_it_never_reports_back()
    {
        var pending = RotationPlan.Request(RotationState.Idle, Now, "check-in", () => [1]);

        var attempting = RotationPlan.Attempting(pending, Now);

        Assert.Equal(Now + RotationPlan.FirstRetryDelay, attempting.NextAttemptAt);
        Assert.False(RotationPlan.IsDue(attempting, Now));
        Assert.True(RotationPlan.IsDue(attempting, Now + RotationPlan.FirstRetryDelay));
        Assert.Same(RotationState.Idle, RotationPlan.Attempting(RotationState.Idle, Now));
    }

    [Fact]
    public void Generated_passwords_follow_the_accounts_rules()
    {
        var rules = new PasswordRules { Length = 40, Symbols = false, ExcludedCharacters = "ABCabc" };

        for (var i = 0; i < 200; i++)
        {
            var password = PasswordGenerator.Generate(rules, SeededRandom.Any());
            Assert.Equal(40, password.Length);
            Assert.True(password.All(char.IsLetterOrDigit));
            Assert.DoesNotContain(password, c => "ABCabc".Contains(c, StringComparison.Ordinal));
            Assert.Contains(password, char.IsDigit);
        }

        Assert.NotNull(PasswordGenerator.Problem(new PasswordRules { Uppercase = false, Lowercase = false, Digits = false, Symbols = false }));
        Assert.NotNull(PasswordGenerator.Problem(new PasswordRules { Digits = true, Uppercase = false, Lowercase = false, Symbols = false, ExcludedCharacters = "23456789" }));
    }
}
