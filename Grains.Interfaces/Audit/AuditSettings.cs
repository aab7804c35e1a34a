using System.Collections.Immutable;
using Kagi.Siem;

namespace Kagi.Audit;

/// <summary>A tenant's audit settings: how long records are kept, where they stream, and which reports are mailed.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AuditSettings")]
public sealed record AuditSettings(
    [property: Id(0)] int RetentionDays)
{
    [Id(1)]
    public ImmutableArray<SiemDestination> Siem { get; init; } = [];

    [Id(2)]
    public ImmutableArray<Kagi.Reports.ScheduledReport> Reports { get; init; } = [];

    /// <summary>A weakening change waiting for its delay or the operator's approval; null when none.
    /// Ignored when settings are sent: each change replaces whatever was pending.</summary>
    [Id(3)]
    public PendingAuditSettings? Pending { get; init; }
}
