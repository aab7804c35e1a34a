namespace Kagi.Audit;

/// <summary>A stored audit event with its place in the tenant's hash chain.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] long Sequence,
    [property: Id(1)] AuditEvent Event,
    [property: Id(2)] string PreviousHash,
    [property: Id(3)] string Hash);
