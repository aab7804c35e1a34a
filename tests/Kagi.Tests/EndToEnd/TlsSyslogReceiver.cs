using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A syslog-over-TLS receiver (RFC 5425: TLS, then RFC 5424 messages with octet-counting framing) on a
/// loopback port, presenting whichever certificate the test gives it. It counts connections the client
/// gave up on at the certificate (they bring no data), checks every frame's length and header, and can lose the acknowledgement of a delivery
/// (read it all, then reset the connection) as a receiver that crashes mid-delivery would.
/// </summary>
public sealed partial class TlsSyslogReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Frame> _frames = new();
    private Task _accepting = Task.CompletedTask;
    private volatile X509Certificate2 _certificate;
    private int _resetsLeft;
    private int _refused;

    private TlsSyslogReceiver(X509Certificate2 certificate) => _certificate = certificate;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int RefusedHandshakes => Volatile.Read(ref _refused);

    public string? FirstMalformed { get; private set; }

    public string? LastHandshakeFailure { get; private set; }

    public IReadOnlyList<Frame> Frames => [.. _frames];

    public static TlsSyslogReceiver Start(X509Certificate2 certificate)
    {
        var receiver = new TlsSyslogReceiver(certificate);
        receiver._listener.Start();
        receiver._accepting = receiver.AcceptAsync();
        return receiver;
    }

    /// <summary>From the next connection on, presents <paramref name="certificate"/>; the next
    /// <paramref name="resets"/> deliveries are read in full and then reset instead of acknowledged.</summary>
    public void Present(X509Certificate2 certificate, int resets)
    {
        Volatile.Write(ref _resetsLeft, resets);
        _certificate = certificate;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            LastHandshakeFailure = e.GetType().Name + ": " + e.Message;
            Interlocked.Increment(ref _refused);
            return;
        }

        using var received = new MemoryStream();
        try
        {
            // Until the sender's close_notify. Under TLS 1.3 the server's side of the handshake completes before
            // the client has judged the certificate: a client that refuses it shows here, as an alert and no data.
            await tls.CopyToAsync(received, _stop.Token);
        }
        catch (Exception e) when (!_stop.IsCancellationRequested && received.Length == 0)
        {
            LastHandshakeFailure = e.GetType().Name + ": " + e.Message;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }

        if (received.Length == 0)
        {
            // Kagi connects only with something to send: a connection that brought nothing was refused by it.
            Interlocked.Increment(ref _refused);
            return;
        }

        try
        {
            Parse(received.ToArray());
            if (Interlocked.Decrement(ref _resetsLeft) >= 0)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Client.Close(); // RST: the sender never learns the batch arrived
                return;
            }

            await tls.ShutdownAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private void Parse(byte[] data)
    {
        var at = 0;
        while (at < data.Length)
        {
            var space = Array.IndexOf(data, (byte)' ', at);
            if (space < 0 || !int.TryParse(Encoding.ASCII.GetString(data, at, space - at), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || space + 1 + length > data.Length)
            {
                FirstMalformed ??= Encoding.UTF8.GetString(data, at, data.Length - at);
                return;
            }

            var message = Encoding.UTF8.GetString(data, space + 1, length);
            var header = Header().Match(message);
            if (!header.Success)
            {
                FirstMalformed ??= message;
            }
            else
            {
                _frames.Enqueue(new Frame(header.Groups[1].Value, long.Parse(header.Groups[2].Value, CultureInfo.InvariantCulture), message));
            }

            at = space + 1 + length;
        }
    }

    [GeneratedRegex(@"^<\d{1,3}>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z kagi kagi \S+ \S+ \[kagi@32473 tenant=""([^""]+)"" seq=""(\d+)""")]
    private static partial Regex Header();

    /// <summary>One syslog message: its tenant, sequence and full text.</summary>
    public sealed record Frame(string Tenant, long Sequence, string Message);
}
