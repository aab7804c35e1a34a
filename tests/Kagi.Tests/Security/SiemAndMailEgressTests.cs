using System.Net;
using System.Net.Sockets;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Domain.Egress;
using Kagi.Egress;
using Kagi.Notifications;
using Kagi.Siem;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary>
/// Issue 10, item 2, for the two destinations a tenant admin names besides targets and webhooks: a SIEM receiver
/// and an SMTP relay on loopback are never connected to without the operator's allowance (a listener that
/// counts connections stays untouched), and the refusal is the egress refusal every destination gets.
/// </summary>
public sealed class SiemAndMailEgressTests
{
    private static readonly EgressGates Closed = new(EgressSettings.None, NullLogger<EgressGate>.Instance);

    [Fact]
    public async Task A_siem_receiver_on_loopback_gets_no_connection_without_the_operators_allowance()
    {
        using var listener = Listen();
        var destination = new SiemDestination("soc", SiemKinds.Syslog, "127.0.0.1", Port(listener), Tls: false, Url: null);
        var record = AuditChain.Link(1, new AuditEvent(DateTimeOffset.UtcNow, "alice", "auth.login", "alice", AuditResults.Success, "10.0.0.1", null), AuditChain.GenesisHash);

        await Assert.ThrowsAnyAsync<EgressRefusedException>(() => new SiemSender(Closed).SendAsync("acme", destination, [record], CancellationToken.None));

        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task An_smtp_relay_on_loopback_gets_no_connection_without_the_operators_allowance()
    {
        using var listener = Listen();
        var relay = new MailSettings("127.0.0.1", Port(listener), "starttls", "kagi@acme.test");

        await Assert.ThrowsAnyAsync<EgressRefusedException>(() => new SmtpMailSender(MailSettings.None)
            .SendAsync(relay, new MailMessageSpec(["alice@acme.test"], "test", "body", []), Closed.For("acme"), CancellationToken.None));

        Assert.False(listener.Pending());
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;
}
