using System.Collections.Immutable;

namespace Kagi.Domain.Vault;

/// <summary>
/// What a one-time template has to do by itself and when: end leases whose window closed (their accounts
/// then go), and remove (or disable) one-time accounts whose cleanup is due, retrying with backoff.
/// </summary>
public static class OneTimeTemplateAgenda
{
    public static OneTimeDue Due(OneTimeTemplateState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new OneTimeDue(
            [.. state.AllLeases.Where(lease => CheckoutLease.IsExpired(lease, now))],
            !OneTimeLifecycle.DueForCleanup(OneTimeLifecycle.EndOverdue(state.AllAccounts, now), now).IsEmpty);
    }

    /// <summary>When the template next needs its reminder, or null when nothing is pending.</summary>
    public static DateTimeOffset? NextDue(OneTimeTemplateState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.AllLeases.Select(lease => (DateTimeOffset?)lease.Until)
            .Append(OneTimeLifecycle.NextDue(state.AllAccounts))
            .Where(at => at is not null)
            .Min();
    }
}

/// <summary>The work due on a one-time template at one moment.</summary>
public sealed record OneTimeDue(ImmutableArray<LeaseState> ExpiredLeases, bool Cleanup);
