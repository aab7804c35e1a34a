using MaxMind.GeoIP2;

namespace Kagi.Identity;

/// <summary>Where an IP address is, when a GeoIP database is configured.</summary>
public interface IGeoLocator
{
    GeoPoint? Locate(string? ipAddress);
}

/// <summary>No GeoIP database: impossible travel is not assessed.</summary>
public sealed class NoGeoLocator : IGeoLocator
{
    public GeoPoint? Locate(string? ipAddress) => null;
}

/// <summary>A GeoIP2/GeoLite2 City database in MaxMind's format (KAGI_GEOIP_DATABASE), memory-mapped.</summary>
public sealed class MaxMindGeoLocator(string databasePath) : IGeoLocator, IDisposable
{
    private readonly DatabaseReader _reader = new(databasePath);

    public GeoPoint? Locate(string? ipAddress) =>
        ipAddress is not null && System.Net.IPAddress.TryParse(ipAddress, out var address)
            && _reader.TryCity(address, out var city) && city?.Location is { Latitude: { } latitude, Longitude: { } longitude }
            ? new GeoPoint(latitude, longitude)
            : null;

    public void Dispose() => _reader.Dispose();
}
