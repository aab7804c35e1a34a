namespace Kagi.Audit;

public static class AuditLimits
{
    /// <summary>The most records one read returns.</summary>
    public const int MaximumPageSize = 500;

    /// <summary>The most SIEM destinations a tenant may have: each one is a forwarder with its own timers
    /// and outbound connections, paid for by every tenant of the cluster.</summary>
    public const int MaximumSiemDestinations = 5;
}
