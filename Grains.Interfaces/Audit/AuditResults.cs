namespace Kagi.Audit;

/// <summary>Values of <see cref="AuditEvent.Result"/>.</summary>
public static class AuditResults
{
    public const string Success = "success";
    public const string Failure = "failure";
}
