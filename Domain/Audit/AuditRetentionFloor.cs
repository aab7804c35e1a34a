namespace Kagi.Domain.Audit;

/// <summary>Records written before <see cref="Before"/> are kept at least <see cref="Days"/>: what a
/// shortened retention leaves of the retention in force before it.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AuditRetentionFloor")]
public sealed record AuditRetentionFloor(
    [property: Id(0)] int Days,
    [property: Id(1)] DateTimeOffset Before);
