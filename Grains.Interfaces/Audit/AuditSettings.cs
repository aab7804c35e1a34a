namespace Kagi.Audit;

/// <summary>A tenant's audit settings: how long records are kept.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AuditSettings")]
public sealed record AuditSettings(
    [property: Id(0)] int RetentionDays);
