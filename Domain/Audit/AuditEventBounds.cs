using Kagi.Audit;

namespace Kagi.Domain.Audit;

/// <summary>
/// Every text of an audit record has a ceiling, applied as the log takes the record: a longer text is
/// cut and ends with <see cref="Marker"/>, so one oversized record can neither fail the batch it is
/// written in (table storage refuses large properties) nor hide that it was cut.
/// </summary>
public static class AuditEventBounds
{
    public const string Marker = "…[truncated]";
    public const int ActorLength = 128;
    public const int ActionLength = 64;
    public const int SubjectLength = 256;
    public const int IpAddressLength = 64;
    public const int DetailLength = 2000;
    public const int IdLength = 128;

    public static AuditEvent Apply(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent with
        {
            Actor = Cut(auditEvent.Actor, ActorLength)!,
            Action = Cut(auditEvent.Action, ActionLength)!,
            Subject = Cut(auditEvent.Subject, SubjectLength),
            IpAddress = Cut(auditEvent.IpAddress, IpAddressLength),
            Detail = Cut(auditEvent.Detail, DetailLength),
            AccountId = Cut(auditEvent.AccountId, IdLength),
            RequestId = Cut(auditEvent.RequestId, IdLength),
        };
    }

    private static string? Cut(string? text, int limit) =>
        text is null || text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit - Marker.Length), Marker);
}
