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

    private static readonly Dictionary<string, ClusteringMode> Modes = new(StringComparer.Ordinal)
    {
        ["localhost"] = ClusteringMode.Localhost,
        ["adonet"] = ClusteringMode.AdoNet,
    };

    public static ClusterSettings Read(SettingsReader reader)
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
            reader.Port("GATEWAY_PORT", 30000));
    }
}
