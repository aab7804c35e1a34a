using System.Globalization;
using System.Text;
using System.Text.Json;
using Kagi.Audit;

namespace Kagi.Domain.Audit;

/// <summary>
/// Audit records as SIEM messages: RFC 5424 syslog (facility 13, log audit; severity notice, or
/// warning for a failure) with octet-counting framing (RFC 6587), and JSON Lines. Each carries the
/// tenant and the sequence number, so a receiver can spot a duplicate after a crash mid-delivery.
/// </summary>
public static class SiemFormat
{
    public const string EnterpriseId = "32473"; // the documentation example PEN of RFC 5612

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Syslog(string tenantId, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var e = record.Event;
        var priority = (13 * 8) + (e.Result == AuditResults.Failure ? 4 : 5);
        var data = new StringBuilder($"[kagi@{EnterpriseId}");
        Param(data, "tenant", tenantId);
        Param(data, "seq", record.Sequence.ToString(CultureInfo.InvariantCulture));
        Param(data, "actor", e.Actor);
        Param(data, "result", e.Result);
        Param(data, "subject", e.Subject);
        Param(data, "account", e.AccountId);
        Param(data, "request", e.RequestId);
        Param(data, "ip", e.IpAddress);
        Param(data, "hash", record.Hash);
        data.Append(']');
        var message = $"<{priority}>1 {e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)} kagi kagi {Name(tenantId, 128)} {Name(e.Action, 32)} {data} {e.Detail ?? e.Action}";
        return $"{Encoding.UTF8.GetByteCount(message)} {message}";
    }

    public static string JsonLine(string tenantId, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var e = record.Event;
        return JsonSerializer.Serialize(new
        {
            Tenant = tenantId, record.Sequence, e.Time, Kind = AuditKinds.Of(e.Action), e.Actor, e.Action, e.Subject, e.Result,
            e.IpAddress, e.AccountId, e.RequestId, e.Detail, record.PreviousHash, record.Hash,
        }, Json);
    }

    // PARAM-VALUE escaping of RFC 5424 §6.3.3: '"', '\' and ']'.
    private static void Param(StringBuilder data, string name, string? value)
    {
        if (value is not null)
        {
            data.Append(' ').Append(name).Append("=\"")
                .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal))
                .Append('"');
        }
    }

    // Header fields are printable US-ASCII without spaces, bounded in length; '-' when empty.
    private static string Name(string value, int max)
    {
        var printable = new string([.. value.Where(c => c is > ' ' and < (char)127).Take(max)]);
        return printable.Length == 0 ? "-" : printable;
    }
}
