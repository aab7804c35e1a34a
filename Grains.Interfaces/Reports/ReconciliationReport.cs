using System.Collections.Immutable;

namespace Kagi.Reports;

/// <summary>Every login of a managed account in the period, and the sources that could not be read
/// (<see cref="Unreconciled"/>: e.g. a target that could not be read, or a kind with no login source).</summary>
[GenerateSerializer, Immutable, Alias("kagi.ReconciliationReport")]
public sealed record ReconciliationReport(
    [property: Id(0)] ImmutableArray<ReconciliationRow> Logins,
    [property: Id(1)] ImmutableArray<string> Unreconciled);
