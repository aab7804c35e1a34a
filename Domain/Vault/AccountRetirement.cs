using Kagi.Errors;

namespace Kagi.Domain.Vault;

/// <summary>
/// Taking an account out of management. Kagi does not touch the target: whoever takes over the account needs the
/// password Kagi set last, so removal is refused while that password is not settled (checked out, a rotation in
/// flight, one-time accounts still to remove) and the answer says what the target was left with.
/// </summary>
public static class AccountRetirement
{
    /// <summary>Refuses removal while the account is not settled; else says, for the audit, what stays on the target.</summary>
    public static string Decide(AccountState account, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        CheckoutLease.EnsureNotHeld(account.AllLeases, now);
        if (!account.AllOneTimeAccounts.IsEmpty)
        {
            throw new KagiException(ProblemCode.InvalidState, "One-time accounts made from this template still await removal from the target.");
        }

        if (account.Rotation.Phase == RotationPhase.Pending)
        {
            throw new KagiException(ProblemCode.RotationPending,
                "A rotation is in flight, so the target may hold either password; remove the account once it has finished.");
        }

        return account switch
        {
            { OneTime: not null } => "one-time template: nothing of it is left on the target",
            { Rotation.Phase: RotationPhase.OutOfSync } =>
                "the target accepted neither password Kagi holds at the last attempt; the account is left as it is on the target",
            { Rotation.LastRotatedAt: { } rotated } =>
                $"the password on the target is left as Kagi last set it (rotated {rotated:yyyy-MM-ddTHH:mm:ssZ}); Kagi no longer rotates it",
            _ => "the password on the target is left as it was registered (Kagi never rotated it); Kagi no longer rotates it",
        };
    }
}
