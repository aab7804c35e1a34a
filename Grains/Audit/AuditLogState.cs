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
}
