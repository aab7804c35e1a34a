using System.Collections.Immutable;

namespace Kagi.Audit;

[GenerateSerializer, Immutable, Alias("kagi.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] ImmutableArray<AuditRecord> Records,
    [property: Id(1)] long? NextBeforeSequence);
