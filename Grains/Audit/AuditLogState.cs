using System.Collections.Immutable;
using Kagi.Siem;
using Kagi.Domain.Audit;

namespace Kagi.Audit;

/// <summary>The audit log grain's own settings (records live in the audit table, not here).</summary>
[GenerateSerializer, Alias("kagi.state.AuditLog")]
public sealed record AuditLogState
{
    [Id(0)] public int RetentionDays { get; init; } = AuditRetention.DefaultDays;
    [Id(1)] public bool PurgeScheduled { get; init; }
    [Id(2)] public ImmutableArray<SiemDestination> Siem { get; init; } = [];
    [Id(3)] public ImmutableArray<Kagi.Reports.ScheduledReport> Reports { get; init; } = [];
    /// <summary>A weakening change waiting for its delay or the operator (SIEM URLs sealed as in <see cref="Siem"/>).</summary>
    [Id(4)] public PendingAuditSettings? PendingSettings { get; init; }
    /// <summary>What shortened retentions left: older records kept as long as the retention before.</summary>
    [Id(5)] public ImmutableArray<AuditRetentionFloor> RetentionFloors { get; init; } = [];
}
