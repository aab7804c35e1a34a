using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// An HTTP SIEM receiver on a loopback port that, like a real collector behind authentication, takes
/// JSON Lines POSTs only with the Basic credentials and query token it was set up with (else 401), and
/// records each event it took with the credentials that came with it.
/// </summary>
public sealed class SiemHttpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly string _expectedAuthorization;
    private readonly string _expectedQuery;
    private readonly Task _serving;
    private int _refused;

    private SiemHttpReceiver(string user, string password, string token)
    {
        var port = LoopbackPorts.Unused();
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        _expectedQuery = "?token=" + token;
        Url = $"http://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@127.0.0.1:{port}/siem/ingest?token={token}";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/siem/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>One event as it arrived, with the request line's query and the Authorization header.</summary>
    public sealed record Received(string Tenant, long Sequence, string? Authorization, string Query, string RawUrl);

    /// <summary>The URL to configure, with the credentials in its user info and the token in its query.</summary>
    public string Url { get; }

    public IReadOnlyList<Received> Events => [.. _received];

    /// <summary>How many requests came without the right credentials.</summary>
    public int Refused => _refused;

    public static SiemHttpReceiver Start(string user, string password, string token) => new(user, password, token);

    public async Task<IReadOnlyList<Received>> WaitForAsync(string tenant, long sequence, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!_received.Any(r => r.Tenant == tenant && r.Sequence == sequence))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver took {string.Join(",", _received.Where(r => r.Tenant == tenant).Select(r => r.Sequence))} but not {sequence} ({_refused} refused).");
            }

            await Task.Delay(100);
        }

        return [.. _received.Where(r => r.Tenant == tenant)];
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone, never Stop() first: see WebhookReceiver.DisposeAsync.
        _listener.Close();
        await _serving;
    }

    private async Task ServeAsync()
    {
        try
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                var authorization = context.Request.Headers["Authorization"];
                var query = context.Request.Url?.Query ?? "";
                if (authorization != _expectedAuthorization || query != _expectedQuery)
                {
                    Interlocked.Increment(ref _refused);
                    context.Response.StatusCode = 401;
                    context.Response.Close();
                    continue;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                foreach (var line in (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var json = JsonDocument.Parse(line).RootElement;
                    _received.Enqueue(new Received(json.GetProperty("tenant").GetString()!, json.GetProperty("sequence").GetInt64(), authorization, query, context.Request.RawUrl ?? ""));
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
