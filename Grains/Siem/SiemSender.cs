using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Kagi.Audit;
using Kagi.Domain.Audit;

namespace Kagi.Siem;

/// <summary>
/// Delivers a batch to a destination and returns only once the destination has it: for HTTP a 2xx
/// answer; for syslog over TCP (which has no acknowledgement) the receiver closing its side after
/// reading everything Kagi sent and half-closed. TLS certificates are checked by <see cref="SiemTrust"/>.
/// </summary>
public sealed class SiemSender(HttpClient http)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // One client per destination CA, so connections are pooled as with the shared one.
    private readonly ConcurrentDictionary<string, HttpClient> _byAnchors = new(StringComparer.Ordinal);

    public async Task SendAsync(string tenantId, SiemDestination destination, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(records);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        if (destination.Kind == SiemKinds.Http)
        {
            var body = string.Concat(records.Select(r => SiemFormat.JsonLine(tenantId, r) + "\n"));
            using var content = new StringContent(body, Encoding.UTF8, "application/jsonl");
            using var response = await HttpFor(destination).PostAsync(new Uri(destination.Url!), content, timeout.Token);
            response.EnsureSuccessStatusCode();
            return;
        }

        using var client = new TcpClient();
        await client.ConnectAsync(destination.Host!, destination.Port, timeout.Token);
        Stream stream = client.GetStream();
        if (destination.Tls)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = destination.Host,
                RemoteCertificateValidationCallback = SiemTrust.Callback(SiemTrust.Anchors(destination.CaCertificate)),
            }, timeout.Token);
            stream = tls;
        }

        await using (stream)
        {
            var frames = Encoding.UTF8.GetBytes(string.Concat(records.Select(r => SiemFormat.Syslog(tenantId, r))));
            await stream.WriteAsync(frames, timeout.Token);
            await stream.FlushAsync(timeout.Token);
            if (stream is SslStream secure)
            {
                await secure.ShutdownAsync();
            }

            client.Client.Shutdown(SocketShutdown.Send);
            // The receiver closes once it has read everything: then, and only then, it has the batch.
            var buffer = new byte[256];
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
    }

    private HttpClient HttpFor(SiemDestination destination) =>
        string.IsNullOrWhiteSpace(destination.CaCertificate)
            ? http
            : _byAnchors.GetOrAdd(destination.CaCertificate, pem => new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = SiemTrust.Callback(SiemTrust.Anchors(pem)) },
            }));
}
