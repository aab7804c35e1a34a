namespace Kagi.Identity;

/// <summary>
/// What a user's sign-ins usually looked like (subnets, devices, hours) and how suspicious they were, as versions
/// before issue 15 (P2) kept it: a grain of its own, key <c>{tenantId}/{username}</c>. The profile now lives in the
/// user's state, so a sign-in writes one row for both; the user grain reads this grain's stored row once and removes
/// it. The methods stay for silos of an earlier version during a rolling upgrade.
/// </summary>
[Alias("kagi.IRiskProfileGrain")]
public interface IRiskProfileGrain : IGrainWithStringKey
{
    /// <summary>Scores a sign-in whose password was right, before it is let in.</summary>
    [Alias("Assess")]
    Task<RiskAssessment> AssessAsync(RiskContext context);

    /// <summary>Learns from a completed sign-in.</summary>
    [Alias("Learn")]
    Task LearnAsync(RiskContext context);

    /// <summary>Counts a failed attempt (wrong password or code) or a refusal for risk.</summary>
    [Alias("RecordFailure")]
    Task RecordFailureAsync(int weight);
}
