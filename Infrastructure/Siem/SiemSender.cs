using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Egress;

namespace Kagi.Siem;

/// <summary>
/// Delivers a batch to a destination and returns only once the destination has it: for HTTP a 2xx
/// answer (the URL's user info sent as Basic authentication); for syslog over TCP (which has no acknowledgement) the receiver closing its side after
/// reading everything Kagi sent and half-closed. TLS certificates are checked by <see cref="SiemTrust"/>.
/// Every connection goes through the tenant's <see cref="EgressGate"/>; redirects are not followed.
/// </summary>
public sealed class SiemSender(EgressGates egress)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // One client per tenant and destination CA: connections are pooled, but never across tenants, whose egress
    // allowances differ.
    private readonly ConcurrentDictionary<(string Tenant, string Anchors), HttpClient> _clients = new();

    // Bytes a syslog receiver may send back before Kagi stops listening (it should send none).
    private const int MaximumReply = 64 * 1024;

    public async Task SendAsync(string tenantId, SiemDestination destination, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(records);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        if (destination.Kind == SiemKinds.Http)
        {
            var body = string.Concat(records.Select(r => SiemFormat.JsonLine(tenantId, r) + "\n"));
            var url = new Uri(destination.Url!);
            using var request = new HttpRequestMessage(HttpMethod.Post, WithoutUserInfo(url))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/jsonl"),
            };
            if (url.UserInfo.Length > 0)
            {
                request.Headers.Authorization = BasicAuthentication(url.UserInfo);
            }

            // Only the status counts: the body is never read (nor buffered), whatever its size.
            using var response = await HttpFor(tenantId, destination).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            response.EnsureSuccessStatusCode();
            return;
        }

        using var socket = await egress.For(tenantId).ConnectAsync(destination.Host!, destination.Port, timeout.Token);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
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

            socket.Shutdown(SocketShutdown.Send);
            // The receiver closes once it has read everything: then, and only then, it has the batch. It has
            // nothing to say, so a receiver that talks on is cut off rather than listened to until the timeout.
            var buffer = new byte[256];
            var heard = 0;
            for (int read; (read = await stream.ReadAsync(buffer, timeout.Token)) > 0;)
            {
                heard += read;
                if (heard > MaximumReply)
                {
                    throw new IOException($"The SIEM receiver sent more than {MaximumReply} bytes back.");
                }
            }
        }
    }

    // The request must not carry the URL's user info (RFC 9110 4.2.4): it travels as Basic
    // authentication instead, each part percent-decoded.
    private static Uri WithoutUserInfo(Uri url) => url.UserInfo.Length == 0 ? url : new UriBuilder(url) { UserName = "", Password = "" }.Uri;

    private static AuthenticationHeaderValue BasicAuthentication(string userInfo)
    {
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? "" : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
    }

    private HttpClient HttpFor(string tenantId, SiemDestination destination) =>
        _clients.GetOrAdd((tenantId, destination.CaCertificate ?? ""), key => new HttpClient(egress.For(key.Tenant).HttpHandler(
            string.IsNullOrWhiteSpace(key.Anchors)
                ? null
                : new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = SiemTrust.Callback(SiemTrust.Anchors(key.Anchors)) })));
}
