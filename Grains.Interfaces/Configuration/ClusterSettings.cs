namespace Kagi.Configuration;

/// <summary>How silos find each other and clients find gateways. Shared by Silo and Frontend.</summary>
public sealed record ClusterSettings(
    ClusteringMode Mode,
    string? MembershipConnection,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort)
{
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>Mutual TLS between silos and from clients to gateways; null (plain TCP) unless configured.</summary>
    public ClusterTls? Tls { get; init; }

    private static readonly Dictionary<string, ClusteringMode> Modes = new(StringComparer.Ordinal)
    {
        ["localhost"] = ClusteringMode.Localhost,
        ["adonet"] = ClusteringMode.AdoNet,
    };

    /// <summary>Reads the settings; <paramref name="listens"/> is true on a silo, whose TLS certificate also serves.</summary>
    public static ClusterSettings Read(SettingsReader reader, DateTimeOffset now, bool listens)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var mode = reader.OneOf("CLUSTERING", ClusteringMode.Localhost, Modes);
        var connection = mode == ClusteringMode.AdoNet
            ? reader.Required("CLUSTER_CONNECTION", "an Npgsql connection string to the membership database (needed when KAGI_CLUSTERING=adonet)")
            : null;
        return new ClusterSettings(
            mode,
            connection,
            reader.Optional("CLUSTER_ID") ?? "kagi",
            reader.Optional("SERVICE_ID") ?? "kagi",
            reader.Port("SILO_PORT", 11111),
            reader.Port("GATEWAY_PORT", 30000))
        {
            Tls = ClusterTls.Read(reader, now, listens),
        };
    }
}
