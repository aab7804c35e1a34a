namespace Kagi.Audit;

/// <summary>
/// What happened, as the auditor sees it. Never holds a secret: callers put identifiers here, never
/// request bodies.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.AuditEvent")]
public sealed record AuditEvent(
    [property: Id(0)] DateTimeOffset Time,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Subject,
    [property: Id(4)] string Result,
    [property: Id(5)] string? IpAddress,
    [property: Id(6)] string? Detail)
{
    // Ids from 20 up belong to the audit-trail work; lower free Ids are left to other additions.

    /// <summary>The privileged account the event concerns, for filters and reports.</summary>
    [Id(20)]
    public string? AccountId { get; init; }

    /// <summary>The access request the event happened under, for filters and reports.</summary>
    [Id(21)]
    public string? RequestId { get; init; }
}
