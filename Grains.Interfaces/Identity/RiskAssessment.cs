using System.Collections.Immutable;

namespace Kagi.Identity;

[GenerateSerializer, Alias("kagi.RiskDecision")]
public enum RiskDecision
{
    Allow,
    StepUp,
    Block,
}

/// <summary>A sign-in's score (0-100), the signals that made it, and what the tenant's thresholds decide.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RiskAssessment")]
public sealed record RiskAssessment(
    [property: Id(0)] int Score,
    [property: Id(1)] ImmutableArray<string> Signals,
    [property: Id(2)] RiskDecision Decision);
