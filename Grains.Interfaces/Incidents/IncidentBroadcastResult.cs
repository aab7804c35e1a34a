using System.Collections.Immutable;

namespace Kagi.Incidents;

/// <summary>The tenants an announcement reached: <see cref="Announced"/> now, <see cref="Repeated"/> already before.</summary>
[GenerateSerializer, Immutable, Alias("kagi.IncidentBroadcastResult")]
public sealed record IncidentBroadcastResult(
    [property: Id(0)] string Id,
    [property: Id(1)] ImmutableArray<string> Announced,
    [property: Id(2)] ImmutableArray<string> Repeated);
