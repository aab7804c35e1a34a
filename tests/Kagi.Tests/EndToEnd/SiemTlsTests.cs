using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// SIEM export over syslog TLS (RFC 5425) to a real TLS listener started here: the receiver's certificate
/// must chain to the CA configured for the destination (a certificate for the same address from another CA
/// is refused and nothing counts as sent); delivery is then retried until it succeeds. A delivery whose
/// acknowledgement is lost is sent again with the same tenant and sequence, byte for byte, so the receiver
/// can drop the duplicate.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class SiemTlsTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Syslog_over_TLS_refuses_a_certificate_from_another_CA_then_delivers_every_event_with_stable_ids_on_resend()
    {
        using var ca = TestCertificates.CreateCa("Kagi SIEM test CA");
        using var impostorCa = TestCertificates.CreateCa("Kagi SIEM test CA"); // same name, another key
        using var trusted = TestCertificates.IssueForLoopback(ca);
        using var impostor = TestCertificates.IssueForLoopback(impostorCa);
        await using var receiver = TlsSyslogReceiver.Start(impostor);
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/audit", new
        {
            retentionDays = 365,
            siem = new object[] { new { id = "soc", kind = "syslog", host = "127.0.0.1", port = receiver.Port, tls = true, caCertificate = ca.ExportCertificatePem() } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        await Api.LoginAsync(tenant.Id, "bob", TenantScript.UserPassword);

        // The first attempt and at least one retry (2 s back-off) meet the impostor and give up at the handshake.
        await Eventually.Async(() => Task.FromResult(receiver.RefusedHandshakes), refused => refused >= 2, TimeSpan.FromSeconds(60));
        Assert.Empty(receiver.Frames);

        receiver.Present(trusted, resets: 1);
        var head = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=1", tenant.Dave)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("events")[0].GetProperty("sequence").GetInt64();
        var frames = await Eventually.Async(
            () => Task.FromResult(receiver.Frames.Where(f => f.Tenant == tenant.Id).ToList()),
            got => got.Any(f => f.Sequence == head) && got.Count(f => f.Sequence == 1) >= 2,
            TimeSpan.FromSeconds(90));

        Assert.Null(receiver.FirstMalformed);
        // Nothing was marked sent while the certificate was refused: delivery starts at the first event.
        Assert.Equal(1, frames[0].Sequence);
        // The reset delivery came again: the same ids, the same bytes. De-duplicated, every event once and in order.
        var bySequence = frames.GroupBy(f => f.Sequence).ToList();
        Assert.Contains(bySequence, g => g.Count() > 1);
        Assert.All(bySequence, g => Assert.Single(g.Select(f => f.Message).Distinct()));
        Assert.Equal(Enumerable.Range(1, bySequence.Count).Select(i => (long)i), bySequence.Select(g => g.Key));
        Assert.True(bySequence.Count >= head);
    }

    [Fact]
    public async Task A_ca_certificate_that_is_not_PEM_is_refused_with_a_problem()
    {
        var tenant = await TenantScript.OpenAsync(Api);

        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/audit", new
        {
            retentionDays = 365,
            siem = new object[] { new { id = "soc", kind = "syslog", host = "127.0.0.1", port = 6514, tls = true, caCertificate = "trust me" } },
        }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
    }
}
