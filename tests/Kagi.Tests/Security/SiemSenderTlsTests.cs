using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Siem;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary><see cref="SiemSender"/> against a real TLS syslog listener with certificates made in the test.</summary>
public sealed class SiemSenderTlsTests
{
    private static readonly DateTimeOffset T = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static List<AuditRecord> Records(int count)
    {
        var previous = AuditChain.GenesisHash;
        var records = new List<AuditRecord>();
        for (var i = 1; i <= count; i++)
        {
            var record = AuditChain.Link(i, new AuditEvent(T.AddSeconds(i), "alice", "auth.login", "alice", AuditResults.Success, "10.0.0.1", "ünïcode ] \"detail\""), previous);
            previous = record.Hash;
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task A_batch_arrives_framed_over_TLS_when_the_certificate_chains_to_the_destinations_CA()
    {
        using var ca = TestCertificates.CreateCa("SIEM CA");
        using var certificate = TestCertificates.IssueForLoopback(ca);
        await using var receiver = TlsSyslogReceiver.Start(certificate);
        var destination = new SiemDestination("soc", SiemKinds.Syslog, "127.0.0.1", receiver.Port, Tls: true, Url: null) { CaCertificate = ca.ExportCertificatePem() };

        await new SiemSender(TestEgress.Gates).SendAsync("acme", destination, Records(3), CancellationToken.None);

        Assert.Null(receiver.FirstMalformed);
        Assert.Equal([1L, 2L, 3L], receiver.Frames.Select(f => f.Sequence));
        Assert.All(receiver.Frames, f => Assert.Equal("acme", f.Tenant));
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_refused_and_the_send_fails()
    {
        using var ca = TestCertificates.CreateCa("SIEM CA");
        using var impostorCa = TestCertificates.CreateCa("SIEM CA");
        using var impostor = TestCertificates.IssueForLoopback(impostorCa);
        await using var receiver = TlsSyslogReceiver.Start(impostor);
        var destination = new SiemDestination("soc", SiemKinds.Syslog, "127.0.0.1", receiver.Port, Tls: true, Url: null) { CaCertificate = ca.ExportCertificatePem() };

        await Assert.ThrowsAnyAsync<System.Security.Authentication.AuthenticationException>(
            () => new SiemSender(TestEgress.Gates).SendAsync("acme", destination, Records(1), CancellationToken.None));

        await Eventually.Async(() => Task.FromResult(receiver.RefusedHandshakes), n => n == 1, TimeSpan.FromSeconds(5));
        Assert.Empty(receiver.Frames);
    }

    [Fact]
    public async Task Without_a_destination_CA_a_privately_issued_certificate_is_refused()
    {
        using var ca = TestCertificates.CreateCa("SIEM CA");
        using var certificate = TestCertificates.IssueForLoopback(ca);
        await using var receiver = TlsSyslogReceiver.Start(certificate);

        await Assert.ThrowsAnyAsync<System.Security.Authentication.AuthenticationException>(() => new SiemSender(TestEgress.Gates).SendAsync(
            "acme", new SiemDestination("soc", SiemKinds.Syslog, "127.0.0.1", receiver.Port, Tls: true, Url: null), Records(1), CancellationToken.None));
        Assert.Empty(receiver.Frames);
    }
}
