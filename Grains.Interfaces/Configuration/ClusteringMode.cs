namespace Kagi.Configuration;

public enum ClusteringMode
{
    /// <summary>One silo on this machine, the embedded default.</summary>
    Localhost = 0,

    /// <summary>Membership in PostgreSQL through Orleans' ADO.NET provider.</summary>
    AdoNet = 1,
}
