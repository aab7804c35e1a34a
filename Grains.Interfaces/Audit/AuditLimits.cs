namespace Kagi.Audit;

public static class AuditLimits
{
    /// <summary>The most records one read returns.</summary>
    public const int MaximumPageSize = 500;
}
