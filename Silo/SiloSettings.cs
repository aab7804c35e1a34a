using Kagi.Configuration;
using Kagi.Security.Keys;

namespace Kagi.Silo;

/// <summary>Everything a silo needs from configuration, validated before anything starts.</summary>
public sealed record SiloSettings(ClusterSettings Cluster, SiloEndpoints Endpoints, IKeyEncryptionKeyProvider Keys, TableStorageSettings Storage)
{
    /// <summary>A GeoIP2/GeoLite2 City database (KAGI_GEOIP_DATABASE); without one, impossible travel is not assessed.</summary>
    public string? GeoIpDatabase { get; init; }

    public static SiloSettings Read(SettingsReader reader, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(clock);
        var cluster = ClusterSettings.Read(reader, clock.GetUtcNow(), listens: true);
        var endpoints = SiloEndpoints.Read(reader, cluster);
        var keys = KeySettings.Read(reader);
        var storage = TableStorageSettings.Read(reader);
        var geoIp = reader.Optional("GEOIP_DATABASE");
        if (geoIp is not null && !File.Exists(geoIp))
        {
            reader.Fail("GEOIP_DATABASE", $"names '{geoIp}', which does not exist; expected a MaxMind .mmdb City database");
        }

        reader.ThrowIfInvalid();
        return new SiloSettings(cluster, endpoints, keys!, storage) { GeoIpDatabase = geoIp };
    }
}
