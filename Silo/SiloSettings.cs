using Kagi.Configuration;
using Kagi.Security;
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
        // A keyring file (versioned, rotatable KEKs) when configured; otherwise the one master key.
        var keyring = reader.Optional("KEYRING");
        var masterKey = MasterKey.TryParse(reader.Optional("MASTER_KEY"));
        if (masterKey is null && (keyring is null || reader.Optional("MASTER_KEY") is not null))
        {
            reader.Fail("MASTER_KEY", reader.Optional("MASTER_KEY") is null
                ? "is missing; expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`), or set KAGI_KEYRING to a keyring file"
                : "is malformed; expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`)");
        }

        var storage = TableStorageSettings.Read(reader);
        var geoIp = reader.Optional("GEOIP_DATABASE");
        if (geoIp is not null && !File.Exists(geoIp))
        {
            reader.Fail("GEOIP_DATABASE", $"names '{geoIp}', which does not exist; expected a MaxMind .mmdb City database");
        }

        reader.ThrowIfInvalid();
        IKeyEncryptionKeyProvider keys = keyring is not null ? new KeyringFileProvider(keyring) : new StaticKeyProvider(masterKey!);
        return new SiloSettings(cluster, endpoints, keys, storage) { GeoIpDatabase = geoIp };
    }
}
