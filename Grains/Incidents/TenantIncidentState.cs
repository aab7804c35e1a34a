namespace Kagi.Incidents;

/// <summary>What the tenant was told of one announcement: its fingerprint (not its words), when, and the outbox's notification id.</summary>
[GenerateSerializer, Alias("kagi.state.TenantIncident")]
public sealed record TenantIncidentState
{
    [Id(0)] public string? Fingerprint { get; init; }

    [Id(1)] public string? NotificationId { get; init; }

    [Id(2)] public DateTimeOffset AnnouncedAt { get; init; }
}
