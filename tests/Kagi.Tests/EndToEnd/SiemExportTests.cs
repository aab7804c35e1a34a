using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// SIEM export to a real syslog receiver (a TCP listener in the test speaking RFC 5424 with
/// octet-counting framing) and a JSON Lines HTTP endpoint: every event arrives exactly once, in
/// order, across a silo restart.
/// </summary>
[Collection(ThirdKagiDeploymentGroup.Name)]
public sealed partial class SiemExportTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task The_syslog_and_http_receivers_get_every_event_exactly_once_across_a_silo_restart()
    {
        await using var receiver = SyslogReceiver.Start();
        await using var collector = JsonLinesCollector.Start();
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/audit", new
        {
            retentionDays = 365,
            siem = new object[]
            {
                new { id = "soc", kind = "syslog", host = "127.0.0.1", port = receiver.Port },
                new { id = "lake", kind = "http", url = collector.Url },
            },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
        {
            await Api.LoginAsync(tenant.Id, "bob", TenantScript.UserPassword);
        }

        var before = await HeadAsync(tenant);
        await receiver.WaitForAsync(tenant.Id, before);
        await kagi.RestartSiloAsync();
        for (var i = 0; i < 5; i++)
        {
            await Api.LoginAsync(tenant.Id, "carol", TenantScript.UserPassword);
        }

        var after = await HeadAsync(tenant);
        Assert.True(after > before);
        var received = await receiver.WaitForAsync(tenant.Id, after);
        var collected = await collector.WaitForAsync(tenant.Id, after);

        // Reading the head is itself audited, so more may follow; whatever arrived is gap-free and once only.
        Assert.True(received.Count >= after);
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received);
        Assert.True(receiver.AllFramesWellFormed, receiver.FirstMalformed);
        Assert.True(collected.Count >= after);
        Assert.Equal(Enumerable.Range(1, collected.Count).Select(i => (long)i), collected);
    }

    [Fact]
    public async Task An_http_url_with_credentials_is_never_answered_or_audited_yet_the_receiver_gets_them()
    {
        var (password, token) = ("Siem-Pass-" + Guid.NewGuid().ToString("N")[..8], "tok" + Guid.NewGuid().ToString("N")[..12]);
        await using var receiver = SiemHttpReceiver.Start("kagi-siem", password, token);
        var tenant = await TenantScript.OpenAsync(Api);

        var put = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/audit", new
        {
            retentionDays = 365,
            siem = new object[] { new { id = "lake", kind = "http", url = receiver.Url } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        await Api.LoginAsync(tenant.Id, "bob", TenantScript.UserPassword);
        var head = await HeadAsync(tenant);
        var received = await receiver.WaitForAsync(tenant.Id, head, TimeSpan.FromSeconds(60));
        var read = (await Api.GetAsync($"/api/t/{tenant.Id}/settings/audit", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        (await Api.GetAsync($"/api/t/{tenant.Id}/settings/audit", tenant.Dave)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        var audit = (await Api.GetAsync($"/api/t/{tenant.Id}/audit/export?format=jsonl", tenant.Dave)).ShouldBe(HttpStatusCode.OK);

        var shown = read.Json.GetProperty("siem")[0].GetProperty("url").GetString()!;
        Assert.Equal(shown, put.Json.GetProperty("siem")[0].GetProperty("url").GetString());
        Assert.StartsWith("http://***@127.0.0.1:", shown, StringComparison.Ordinal);
        Assert.EndsWith("/siem/ingest?***", shown, StringComparison.Ordinal);
        Assert.Contains($"lake http {shown}", audit.Body, StringComparison.Ordinal);
        foreach (var body in new[] { put.Body, read.Body, audit.Body })
        {
            Assert.DoesNotContain(password, body, StringComparison.Ordinal);
            Assert.DoesNotContain(token, body, StringComparison.Ordinal);
            Assert.DoesNotContain("kagi-siem", body, StringComparison.Ordinal);
        }

        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received.Select(r => r.Sequence));
        Assert.All(received, r => Assert.Equal(("?token=" + token, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("kagi-siem:" + password))), (r.Query, r.Authorization)));
        Assert.Equal(0, receiver.Refused);
    }

    private async Task<long> HeadAsync(TenantScript tenant) =>
        (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=1", tenant.Dave)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("events")[0].GetProperty("sequence").GetInt64();

    [GeneratedRegex(@"^<(\d{1,3})>1 \S+ kagi kagi (\S+) (\S+) \[kagi@32473 tenant=""([^""]+)"" seq=""(\d+)""")]
    private static partial Regex Frame();

    /// <summary>An HTTP endpoint taking JSON Lines POSTs, answering 204 once it has read them.</summary>
    private sealed class JsonLinesCollector : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Tenant, long Sequence)> _received = new();
        private Task _serving = Task.CompletedTask;

        public string Url { get; private init; } = "";

        public static JsonLinesCollector Start()
        {
            var port = ((Func<int>)(() =>
            {
                using var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                return ((IPEndPoint)probe.LocalEndpoint).Port;
            }))();
            var collector = new JsonLinesCollector { Url = $"http://127.0.0.1:{port}/siem/" };
            collector._listener.Prefixes.Add(collector.Url);
            collector._listener.Start();
            collector._serving = collector.ServeAsync();
            return collector;
        }

        public async Task<List<long>> WaitForAsync(string tenant, long head)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(150);
            while (!Of(tenant).Contains(head))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The collector got {string.Join(",", Of(tenant))} but not {head}.");
                }

                await Task.Delay(200);
            }

            await Task.Delay(500);
            return Of(tenant);
        }

        public async ValueTask DisposeAsync()
        {
            // Close alone, never Stop() first: see WebhookReceiver.DisposeAsync.
            _listener.Close();
            await _serving;
        }

        private List<long> Of(string tenant) => [.. _received.Where(r => r.Tenant == tenant).Select(r => r.Sequence)];

        private async Task ServeAsync()
        {
            try
            {
                while (_listener.IsListening)
                {
                    var context = await _listener.GetContextAsync();
                    using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                    foreach (var line in (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var json = System.Text.Json.JsonDocument.Parse(line).RootElement;
                        _received.Enqueue((json.GetProperty("tenant").GetString()!, json.GetProperty("sequence").GetInt64()));
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

    /// <summary>Reads octet-counted RFC 5424 frames; closes each connection after the sender half-closes, as rsyslog does.</summary>
    private sealed class SyslogReceiver : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<(string Tenant, long Sequence)> _received = new();
        private Task _accepting = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public bool AllFramesWellFormed => FirstMalformed is null;

        public string? FirstMalformed { get; private set; }

        public static SyslogReceiver Start()
        {
            var receiver = new SyslogReceiver();
            receiver._listener.Start();
            receiver._accepting = receiver.AcceptAsync();
            return receiver;
        }

        /// <summary>Waits until the tenant's sequence <paramref name="head"/> arrived; returns the tenant's sequences in arrival order.</summary>
        public async Task<List<long>> WaitForAsync(string tenant, long head)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(150);
            while (!Of(tenant).Contains(head))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The receiver got {string.Join(",", Of(tenant))} but not {head}.");
                }

                await Task.Delay(200);
            }

            await Task.Delay(500); // a duplicate would arrive right behind
            return Of(tenant);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }

        private List<long> Of(string tenant) => [.. _received.Where(r => r.Tenant == tenant).Select(r => r.Sequence)];

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = ReadAsync(client);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
            }
        }

        private async Task ReadAsync(TcpClient client)
        {
            using (client)
            {
                using var memory = new MemoryStream();
                await client.GetStream().CopyToAsync(memory, _stop.Token);
                var bytes = memory.ToArray();
                var at = 0;
                while (at < bytes.Length)
                {
                    var space = Array.IndexOf(bytes, (byte)' ', at);
                    var length = int.Parse(Encoding.ASCII.GetString(bytes, at, space - at), System.Globalization.CultureInfo.InvariantCulture);
                    var frame = Encoding.UTF8.GetString(bytes, space + 1, length);
                    at = space + 1 + length;
                    var match = Frame().Match(frame);
                    if (!match.Success)
                    {
                        FirstMalformed ??= frame;
                        continue;
                    }

                    _received.Enqueue((match.Groups[4].Value, long.Parse(match.Groups[5].Value, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }
    }
}
