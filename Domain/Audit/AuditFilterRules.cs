using Kagi.Audit;

namespace Kagi.Domain.Audit;

/// <summary>Whether an event matches an auditor's filter.</summary>
public static class AuditFilterRules
{
    public static bool Matches(AuditFilter filter, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(auditEvent);
        return (filter.From is not { } from || auditEvent.Time >= from)
            && (filter.To is not { } to || auditEvent.Time < to)
            && (filter.Kind is not { } kind || KindMatches(kind, auditEvent.Action))
            && Same(filter.Actor, auditEvent.Actor)
            && Same(filter.AccountId, auditEvent.AccountId)
            && Same(filter.RequestId, auditEvent.RequestId)
            && Same(filter.Result, auditEvent.Result);
    }

    private static bool KindMatches(string kind, string action) => kind switch
    {
        AuditKinds.Authentication or AuditKinds.Operation => AuditKinds.Of(action) == kind,
        _ => action.StartsWith(kind, StringComparison.Ordinal),
    };

    private static bool Same(string? wanted, string? actual) => wanted is null || string.Equals(wanted, actual, StringComparison.Ordinal);
}
