using System.Collections.Immutable;
using Kagi.Siem;

namespace Kagi.Audit;

/// <summary>
/// A change of the audit settings that weakens the record (shorter retention, a SIEM destination
/// removed or pointed elsewhere), waiting until <see cref="EffectiveAt"/> or the operator's approval.
/// The settings as they will be then; SIEM URLs shown without their user info and query.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.PendingAuditSettings")]
public sealed record PendingAuditSettings(
    [property: Id(0)] int RetentionDays,
    [property: Id(1)] ImmutableArray<SiemDestination> Siem,
    [property: Id(2)] string RequestedBy,
    [property: Id(3)] DateTimeOffset RequestedAt,
    [property: Id(4)] DateTimeOffset EffectiveAt);
