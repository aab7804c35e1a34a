using Kagi.Domain.Egress;
using Kagi.Errors;
using Kagi.Hosting;

namespace Kagi.Vault;

/// <summary>
/// The tenant's bucket of login tries lives in memory: after a restart or a long idle time the tenant starts with a
/// full burst, which the idle time would have refilled anyway.
/// </summary>
public sealed class VerificationPacingGrain(VaultClock time) : Grain, IVerificationPacingGrain
{
    private DateTimeOffset? _theoreticalArrival;

    public Task TakeAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, this.GetPrimaryKeyString());
        var turn = VerificationPacing.Take(_theoreticalArrival, time.GetUtcNow());
        if (!turn.Allowed)
        {
            throw new KagiException(ProblemCode.VerificationPaced,
                $"This tenant tried {VerificationPacing.Burst} target logins in a short time; Kagi tries at most {VerificationPacing.PerMinute} a minute after that. Try again in {turn.RetryAfter.TotalSeconds:0} s.",
                turn.RetryAfter);
        }

        _theoreticalArrival = turn.TheoreticalArrival;
        return Task.CompletedTask;
    }

    public Task RefundAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, this.GetPrimaryKeyString());
        _theoreticalArrival = VerificationPacing.Refund(_theoreticalArrival, time.GetUtcNow());
        return Task.CompletedTask;
    }
}
