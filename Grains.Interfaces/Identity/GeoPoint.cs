namespace Kagi.Identity;

/// <summary>Where an address is, by a GeoIP database.</summary>
[GenerateSerializer, Immutable, Alias("kagi.GeoPoint")]
public sealed record GeoPoint([property: Id(0)] double Latitude, [property: Id(1)] double Longitude);
