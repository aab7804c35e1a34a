namespace Kagi.Audit;

/// <summary>Values of <see cref="AuditEvent.Result"/>.</summary>
public static class AuditResults
{
    public const string Success = "success";
    public const string Failure = "failure";

    /// <summary>A fail-closed operation is about to run; its outcome follows as another record.</summary>
    public const string Intent = "intent";
}
