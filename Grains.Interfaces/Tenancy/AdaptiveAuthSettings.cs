namespace Kagi.Tenancy;

/// <summary>
/// Risk-based sign-in. Every sign-in is scored (0-100) and its signals audited; when enabled, a score
/// at or above <see cref="StepUpScore"/> needs a second factor (a user without one is refused and the
/// admins alerted) and one at or above <see cref="BlockScore"/> is refused and alerted.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.AdaptiveAuthSettings")]
public sealed record AdaptiveAuthSettings
{
    [Id(0)] public bool Enabled { get; init; }
    [Id(1)] public int StepUpScore { get; init; } = 40;
    [Id(2)] public int BlockScore { get; init; } = 80;

    /// <summary>IANA time zone of the tenant, for "usual sign-in hours".</summary>
    [Id(3)] public string TimeZone { get; init; } = "UTC";

    /// <summary>How fast carried suspicion fades: it halves every this long.</summary>
    [Id(4)] public TimeSpan DecayHalfLife { get; init; } = TimeSpan.FromHours(1);
}
