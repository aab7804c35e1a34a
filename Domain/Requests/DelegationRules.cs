using Kagi.Errors;
using Kagi.Requests;

namespace Kagi.Domain.Requests;

/// <summary>A delegation names another existing user and a bounded period.</summary>
public static class DelegationRules
{
    public static readonly TimeSpan MaximumPeriod = TimeSpan.FromDays(180);

    public static void EnsureMaySet(Caller caller, string owner)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Username != owner && !caller.ActsAsAdmin)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the user themself or an admin can set their delegation.");
        }
    }

    public static void Validate(string owner, Delegation delegation, bool delegateExists)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        if (delegation.To == owner)
        {
            throw new KagiException(ProblemCode.Invalid, "A user cannot delegate to themself.");
        }

        if (!delegateExists)
        {
            throw new KagiException(ProblemCode.Invalid, $"User '{delegation.To}' does not exist.");
        }

        if (delegation.Until <= delegation.From || delegation.Until - delegation.From > MaximumPeriod)
        {
            throw new KagiException(ProblemCode.Invalid, $"A delegation runs from 'from' to a later 'until', for at most {MaximumPeriod.TotalDays:0} days.");
        }
    }
}
