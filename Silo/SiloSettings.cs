using Kagi.Configuration;
using Kagi.Security;

namespace Kagi.Silo;

/// <summary>Everything a silo needs from configuration, validated before anything starts.</summary>
public sealed record SiloSettings(ClusterSettings Cluster, MasterKey MasterKey, string StorageConnection)
{
    /// <summary>A GeoIP2/GeoLite2 City database (KAGI_GEOIP_DATABASE); without one, impossible travel is not assessed.</summary>
    public string? GeoIpDatabase { get; init; }

    /// <summary>Azurite's well-known development account on its default table port.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static SiloSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cluster = ClusterSettings.Read(reader);
        var masterKey = MasterKey.TryParse(reader.Optional("MASTER_KEY"));
        if (masterKey is null)
        {
            reader.Fail("MASTER_KEY", reader.Optional("MASTER_KEY") is null
                ? "is missing; expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`)"
                : "is malformed; expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`)");
        }

        var storage = reader.Optional("STORAGE_CONNECTION") ?? DevelopmentStorage;
        var geoIp = reader.Optional("GEOIP_DATABASE");
        if (geoIp is not null && !File.Exists(geoIp))
        {
            reader.Fail("GEOIP_DATABASE", $"names '{geoIp}', which does not exist; expected a MaxMind .mmdb City database");
        }

        reader.ThrowIfInvalid();
        return new SiloSettings(cluster, masterKey!, storage) { GeoIpDatabase = geoIp };
    }
}
