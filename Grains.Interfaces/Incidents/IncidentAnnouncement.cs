namespace Kagi.Incidents;

/// <summary>An operator's announcement of an incident (an outage, a restore), in English and Japanese.
/// <see cref="Id"/> is the operator's own: announcing the same id again is a no-op, not a second message.</summary>
[GenerateSerializer, Immutable, Alias("kagi.IncidentAnnouncement")]
public sealed record IncidentAnnouncement(
    [property: Id(0)] string Id,
    [property: Id(1)] string TitleEn,
    [property: Id(2)] string TitleJa,
    [property: Id(3)] string BodyEn,
    [property: Id(4)] string BodyJa);
