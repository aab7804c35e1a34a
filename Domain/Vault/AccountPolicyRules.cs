using Kagi.Errors;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>Checks an account policy before it is stored: its password rules must give at least
/// <see cref="PasswordEntropy.MinimumBits"/> bits, alone and as the account's target tightens them.</summary>
public static class AccountPolicyRules
{
    public static readonly TimeSpan MinimumHeartbeat = TimeSpan.FromMinutes(1);

    public static AccountPolicy Validate(AccountPolicy policy, TargetPasswordRules? target = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Rotation is { } schedule)
        {
            RotationSchedule.Validate(schedule);
        }

        if (policy.Heartbeat is { } heartbeat && heartbeat < MinimumHeartbeat)
        {
            throw new KagiException(ProblemCode.Invalid, $"The heartbeat interval must be at least {MinimumHeartbeat.TotalMinutes:0} minute.");
        }

        if (PasswordGenerator.Problem(policy.PasswordPolicy) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        var weak = PasswordEntropy.Of(policy.PasswordPolicy).Problem("passwordPolicy")
            ?? (target is null ? null : PasswordEntropy.Of(PasswordRulesFor.Combine(policy.PasswordPolicy, target)).Problem("passwordPolicy, as the target's passwordRules limit it,"));
        if (weak is not null)
        {
            throw new KagiException(ProblemCode.Invalid, weak);
        }

        return policy;
    }
}
