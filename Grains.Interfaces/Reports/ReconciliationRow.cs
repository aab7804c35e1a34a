namespace Kagi.Reports;

/// <summary>
/// A login of a managed account seen on its target. <see cref="CoveredBy"/> names what explains it
/// (<c>request {id}</c> for an approved check-out, <c>kagi</c> for Kagi's own verification during
/// registration or rotation); a login nothing covers is <see cref="Flagged"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.ReconciliationRow")]
public sealed record ReconciliationRow(
    [property: Id(0)] string TargetId,
    [property: Id(1)] string AccountId,
    [property: Id(2)] string Username,
    [property: Id(3)] DateTimeOffset LoginAt,
    [property: Id(4)] string? ClientHost,
    [property: Id(5)] string? Application,
    [property: Id(6)] string? CoveredBy,
    [property: Id(7)] bool Flagged);
