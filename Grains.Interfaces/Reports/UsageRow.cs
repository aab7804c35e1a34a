namespace Kagi.Reports;

/// <summary>
/// One use of a privileged ID: who checked which account out, when, under which request, and when
/// it came back, and where the request's post-work report stands (<see cref="Requests.ReportStatuses"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.UsageRow")]
public sealed record UsageRow(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string User,
    [property: Id(2)] string? RequestId,
    [property: Id(3)] DateTimeOffset CheckedOutAt,
    [property: Id(4)] DateTimeOffset? CheckedInAt,
    [property: Id(5)] string? CheckedInBy,
    [property: Id(6)] string? PostWorkReport);
