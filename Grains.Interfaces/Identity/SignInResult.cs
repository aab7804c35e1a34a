namespace Kagi.Identity;

/// <summary>
/// The outcome of a sign-in: the new session, or a refusal (problem code, message safe to show, and
/// how long to wait). <see cref="Reason"/> says what happened, for the audit record only.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.SignInResult")]
public sealed record SignInResult(
    [property: Id(0)] SessionInfo? Session,
    [property: Id(1)] string Reason)
{
    [Id(2)] public Errors.ProblemCode? Refusal { get; init; }

    [Id(3)] public string? Message { get; init; }

    [Id(4)] public TimeSpan? RetryAfter { get; init; }

    /// <summary>The adaptive-authentication score (0-100) once the password was checked; null before.</summary>
    [Id(5)] public int? RiskScore { get; init; }

    [Id(6)] public System.Collections.Immutable.ImmutableArray<string> RiskSignals { get; init; } = [];
}
