using System.Collections.Immutable;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// Whether an account found out of sync is news for the tenant's admins. Reconciling retries with back-off
/// and may find the account out of sync again on each attempt; the admins are told once, until a rotation
/// completes (or the kept history no longer shows the earlier finding).
/// </summary>
public static class OutOfSyncAlert
{
    /// <summary><paramref name="history"/> is the account's rotation history before this finding, oldest first.</summary>
    public static bool IsNew(ImmutableArray<RotationHistoryEntry> history)
    {
        foreach (var entry in (history.IsDefault ? [] : history).Reverse())
        {
            switch (entry.Outcome)
            {
                case Completed:
                    return true;
                case OutOfSync:
                    return false;
            }
        }

        return true;
    }

    public const string Completed = "completed";
    public const string OutOfSync = "out-of-sync";
}
