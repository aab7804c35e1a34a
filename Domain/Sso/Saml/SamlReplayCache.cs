using Kagi.Sso;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// One-time use of assertion ids (SAML profiles §4.1.4.5). An id is remembered while its assertion could
/// still be accepted: until its NotOnOrAfter plus the largest skew the validator allows. Expired ids are
/// dropped on every use, so the state holds only live assertions: a few minutes of a tenant's sign-ins.
/// The table is bounded all the same; when it is full of live ids a new one is refused rather than an old
/// one forgotten, since forgetting would reopen a replay.
/// </summary>
public static class SamlReplayCache
{
    public const int Capacity = 10_000;

    public static (SamlReplayOutcome Outcome, SamlReplayState State) Use(SamlReplayState state, string assertionId, DateTimeOffset notOnOrAfter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(assertionId);
        var live = state.UsedUntil.Values.Any(until => until <= now)
            ? state.UsedUntil.RemoveRange(state.UsedUntil.Where(p => p.Value <= now).Select(p => p.Key).ToList())
            : state.UsedUntil;
        var pruned = state with { UsedUntil = live };
        if (live.ContainsKey(assertionId))
        {
            return (SamlReplayOutcome.Replayed, pruned);
        }

        return live.Count >= Capacity
            ? (SamlReplayOutcome.CacheFull, pruned)
            : (SamlReplayOutcome.FirstUse, pruned with { UsedUntil = live.Add(assertionId, notOnOrAfter + SamlExpectations.MaximumSkew) });
    }
}
