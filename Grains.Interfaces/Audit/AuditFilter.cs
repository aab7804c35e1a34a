namespace Kagi.Audit;

/// <summary>
/// Which events a query or export wants; every criterion left null matches everything.
/// <see cref="Kind"/> is <see cref="AuditKinds.Authentication"/> or <see cref="AuditKinds.Operation"/>,
/// or an action prefix such as <c>account.</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.AuditFilter")]
public sealed record AuditFilter(
    [property: Id(0)] DateTimeOffset? From = null,
    [property: Id(1)] DateTimeOffset? To = null,
    [property: Id(2)] string? Kind = null,
    [property: Id(3)] string? Actor = null,
    [property: Id(4)] string? AccountId = null,
    [property: Id(5)] string? RequestId = null,
    [property: Id(6)] string? Result = null)
{
    public static AuditFilter All { get; } = new();
}
