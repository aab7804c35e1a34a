using System.Collections.Immutable;

namespace Kagi.Notifications;

/// <summary>The events Kagi tells people about; each has an English and a Japanese template.</summary>
public static class NotificationEvents
{
    public const string RequestSubmitted = "request.submitted";
    public const string RequestApproved = "request.approved";
    public const string RequestRejected = "request.rejected";
    public const string RequestExpired = "request.expired";
    public const string RequestRevoked = "request.revoked";
    public const string RequestExtensionRequested = "request.extension-requested";
    public const string RequestEmergency = "request.emergency";
    public const string RequestEmergencyEscalation = "request.emergency-escalation";
    public const string ReportSubmitted = "report.submitted";
    public const string ReportOverdue = "report.overdue";
    public const string ReportApproved = "report.approved";
    public const string TargetHostKeyMismatch = "target.host-key-mismatch";
    public const string AuditSettingsPending = "audit.settings-pending";
    public const string Test = "notification.test";

    public static ImmutableArray<string> All { get; } =
    [
        RequestSubmitted, RequestApproved, RequestRejected, RequestExpired, RequestRevoked, RequestExtensionRequested,
        RequestEmergency, RequestEmergencyEscalation, ReportSubmitted, ReportOverdue, ReportApproved, TargetHostKeyMismatch, AuditSettingsPending, Test,
    ];
}
