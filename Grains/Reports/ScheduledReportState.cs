namespace Kagi.Reports;

[GenerateSerializer, Alias("kagi.state.ScheduledReport")]
public sealed record ScheduledReportState
{
    [Id(0)] public ScheduledReport? Report { get; init; }

    /// <summary>The end of the last period whose report went out.</summary>
    [Id(1)] public DateTimeOffset? SentUntil { get; init; }
}
