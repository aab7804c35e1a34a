namespace Kagi.Identity;

/// <summary>
/// What a user's sign-ins usually look like (subnets, devices, hours) and how suspicious they are
/// lately. Key: <c>{tenantId}/{username}</c>. Called by the user grain; carried suspicion decays with time, applied whenever the profile is read or written.
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
