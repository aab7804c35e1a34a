using System.Text;
using System.Text.Json;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class SiemFormatTests
{
    private static readonly AuditRecord Record = AuditChain.Link(42,
        new AuditEvent(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero), "bob \"the\" [admin]", "account.checkout", "db", AuditResults.Failure, "10.0.0.2", "request r1; forbidden")
        {
            AccountId = "db",
            RequestId = "r1",
        }, AuditChain.GenesisHash);

    [Fact]
    public void Syslog_frames_are_octet_counted_rfc_5424_with_escaped_structured_data()
    {
        var frame = SiemFormat.Syslog("acme", Record);

        var space = frame.IndexOf(' ', StringComparison.Ordinal);
        var message = frame[(space + 1)..];
        Assert.Equal(int.Parse(frame[..space], System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetByteCount(message));
        Assert.StartsWith("<108>1 2030-03-01T09:00:00.000000Z kagi kagi acme account.checkout [kagi@32473 tenant=\"acme\" seq=\"42\" actor=\"bob \\\"the\\\" [admin\\]\" result=\"failure\"", message, StringComparison.Ordinal);
        Assert.Contains(" account=\"db\" request=\"r1\" ip=\"10.0.0.2\" hash=\"" + Record.Hash + "\"] request r1; forbidden", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_success_is_a_notice_and_json_lines_carry_tenant_and_sequence()
    {
        var success = Record with { Event = Record.Event with { Result = AuditResults.Success } };

        Assert.Contains("<109>1 ", SiemFormat.Syslog("acme", success), StringComparison.Ordinal);
        var json = JsonDocument.Parse(SiemFormat.JsonLine("acme", success)).RootElement;
        Assert.Equal(("acme", 42L, "r1"), (json.GetProperty("tenant").GetString(), json.GetProperty("sequence").GetInt64(), json.GetProperty("requestId").GetString()));
    }
}
