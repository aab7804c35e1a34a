using Kagi.Errors;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>Checks an account policy before it is stored.</summary>
public static class AccountPolicyRules
{
    public static readonly TimeSpan MinimumHeartbeat = TimeSpan.FromMinutes(1);

    public static AccountPolicy Validate(AccountPolicy policy)
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

        return policy;
    }
}
