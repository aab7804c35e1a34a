using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Kagi.Domain.Notifications;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on a loopback port, as a customer would write one: it reads the raw body,
/// checks <c>X-Kagi-Signature</c> and <c>X-Kagi-Timestamp</c> with <see cref="WebhookSignature.Verify"/>
/// against its own clock, and answers with the scripted status codes in turn (then 200).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _script;
    private readonly string _secret;
    private readonly Func<DateTimeOffset> _now;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly Task _serving;

    private WebhookReceiver(string secret, Func<DateTimeOffset> now, IEnumerable<int> script)
    {
        _secret = secret;
        _now = now;
        _script = new ConcurrentQueue<int>(script);
        var port = LoopbackPorts.Unused();
        Url = $"http://127.0.0.1:{port}/hooks/kagi";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>One request as it arrived, and whether its signature and timestamp verified.</summary>
    public sealed record Received(string? Event, string? Delivery, string? Timestamp, string? Signature, string Body, bool Verified, int AnsweredWith);

    public string Url { get; }

    public IReadOnlyList<Received> Requests => [.. _received];

    public static WebhookReceiver Start(string secret, Func<DateTimeOffset> now, params int[] failFirstWith) => new(secret, now, failFirstWith);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers;
            var verified = WebhookSignature.Verify(_secret, headers["X-Kagi-Timestamp"], body, headers["X-Kagi-Signature"], _now());
            var status = !verified ? 401 : _script.TryDequeue(out var scripted) ? scripted : 200;
            _received.Enqueue(new Received(headers["X-Kagi-Event"], headers["X-Kagi-Delivery"], headers["X-Kagi-Timestamp"], headers["X-Kagi-Signature"], body, verified, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Linux, Stop() followed by Close() releases the port and then binds it again for a moment
        // (dotnet/runtime's managed HttpListener removes its endpoint twice), which fails if anything took the port.
        _listener.Close();
        await _serving;
    }
}
