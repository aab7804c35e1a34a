using Kagi.Configuration;
using Kagi.Security;

namespace Kagi.Silo;

/// <summary>Everything a silo needs from configuration, validated before anything starts.</summary>
public sealed record SiloSettings(ClusterSettings Cluster, MasterKey MasterKey, string StorageConnection)
{
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
        reader.ThrowIfInvalid();
        return new SiloSettings(cluster, masterKey!, storage);
    }
}
