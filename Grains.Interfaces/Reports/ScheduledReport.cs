using System.Collections.Immutable;

namespace Kagi.Reports;

/// <summary>A report (<c>account-changes</c>, <c>user-changes</c>, <c>usage</c>, <c>reconciliation</c>)
/// mailed as CSV to <see cref="Recipients"/> after each <c>daily</c>, <c>weekly</c> or <c>monthly</c> period.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ScheduledReport")]
public sealed record ScheduledReport(
    [property: Id(0)] string Id,
    [property: Id(1)] string Report,
    [property: Id(2)] string Schedule,
    [property: Id(3)] ImmutableArray<string> Recipients);
