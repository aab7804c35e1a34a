namespace Kagi.Incidents;

/// <summary>What announcing did for one tenant: <see cref="Announced"/> now, or already before
/// (<see cref="Announced"/> false) with the notification id it had then.</summary>
[GenerateSerializer, Immutable, Alias("kagi.IncidentOutcome")]
public sealed record IncidentOutcome(
    [property: Id(0)] bool Announced,
    [property: Id(1)] string NotificationId,
    [property: Id(2)] DateTimeOffset AnnouncedAt);
