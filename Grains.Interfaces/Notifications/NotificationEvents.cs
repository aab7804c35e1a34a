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

    // Security incidents, told to the tenant's admins by mail, webhook and an in-app notice (issue 14).
    public const string SecurityRiskAlert = "security.risk-alert";
    public const string SecurityUserLocked = "security.user-locked";
    public const string SecuritySourceBlocked = "security.source-blocked";
    public const string SecurityAccountOutOfSync = "security.account-out-of-sync";
    public const string SecurityAuditChainBroken = "security.audit-chain-broken";
    public const string SecuritySiemFailing = "security.siem-failing";
    public const string SecurityKekRotated = "security.kek-rotated";

    /// <summary>An operator's announcement (an outage, a restore) to the admins of the tenants it names.</summary>
    public const string IncidentAnnounced = "incident.announced";

    /// <summary>The security events; an admin chooses per event whether each goes by mail and by webhook.</summary>
    public static ImmutableArray<string> Security { get; } =
    [
        SecurityRiskAlert, SecurityUserLocked, SecuritySourceBlocked, SecurityAccountOutOfSync, SecurityAuditChainBroken, SecuritySiemFailing, SecurityKekRotated,
    ];

    /// <summary>The events that also leave an in-app notice (GET /me/notices) for each admin they reach.</summary>
    public static bool LeavesNotice(string eventName) => Security.Contains(eventName) || eventName == IncidentAnnounced;

    public static ImmutableArray<string> All { get; } =
    [
        RequestSubmitted, RequestApproved, RequestRejected, RequestExpired, RequestRevoked, RequestExtensionRequested,
        RequestEmergency, RequestEmergencyEscalation, ReportSubmitted, ReportOverdue, ReportApproved, TargetHostKeyMismatch, AuditSettingsPending, Test,
        SecurityRiskAlert, SecurityUserLocked, SecuritySourceBlocked, SecurityAccountOutOfSync, SecurityAuditChainBroken, SecuritySiemFailing, SecurityKekRotated,
        IncidentAnnounced,
    ];
}
