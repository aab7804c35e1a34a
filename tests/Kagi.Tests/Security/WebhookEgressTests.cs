using System.Collections.Immutable;
using System.Net;
using Kagi.Domain.Egress;
using Kagi.Egress;
using Kagi.Notifications;
using Kagi.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary>Webhooks go only where the tenant's egress gate allows, and a redirect never takes them elsewhere.</summary>
public sealed class WebhookEgressTests
{
    private const string Secret = "a-webhook-secret-of-some-length";

    private static Task<string?> SendAsync(WebhookSender sender, string tenant, string url) =>
        sender.SendAsync(tenant, url, Secret, "notification.test", Guid.NewGuid().ToString("N"), "{}", DateTimeOffset.UtcNow, CancellationToken.None);

    [Fact]
    public async Task A_redirect_is_answered_as_a_failure_and_not_followed()
    {
        await using var receiver = WebhookReceiver.Start(Secret, () => DateTimeOffset.UtcNow);
        using var redirector = Redirector.To(receiver.Url);
        var sender = new WebhookSender(TestEgress.Gates, TimeProvider.System);

        var outcome = await SendAsync(sender, "acme", redirector.Url);

        Assert.Equal("HTTP 307", outcome);
        Assert.Equal(1, redirector.Requests);
        Assert.Empty(receiver.Requests);
        Assert.Null(await SendAsync(sender, "acme", receiver.Url));
    }

    [Fact]
    public async Task A_receiver_on_loopback_gets_nothing_without_the_operators_allowance()
    {
        await using var receiver = WebhookReceiver.Start(Secret, () => DateTimeOffset.UtcNow);
        var closed = new WebhookSender(new EgressGates(EgressSettings.None, NullLogger<EgressGate>.Instance), TimeProvider.System);

        Assert.Equal("request failed: could not connect", await SendAsync(closed, "acme", receiver.Url));
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task One_tenants_allowance_does_not_carry_over_to_another_through_pooled_connections()
    {
        await using var receiver = WebhookReceiver.Start(Secret, () => DateTimeOffset.UtcNow);
        var settings = new EgressSettings(EgressAllowance.None,
            ImmutableDictionary<string, EgressAllowance>.Empty.Add("acme", EgressAllowance.Parse(TestEgress.LoopbackNetworks, out _)!), []);
        var sender = new WebhookSender(new EgressGates(settings, NullLogger<EgressGate>.Instance), TimeProvider.System);

        Assert.Null(await SendAsync(sender, "acme", receiver.Url));
        Assert.Equal("request failed: could not connect", await SendAsync(sender, "globex", receiver.Url));
        Assert.Single(receiver.Requests);
    }

    /// <summary>Answers every request with 307 to another URL, counting them.</summary>
    private sealed class Redirector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _requests;

        private Redirector(string location)
        {
            var port = LoopbackPorts.Unused();
            Url = $"http://127.0.0.1:{port}/hook";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = ServeAsync(location);
        }

        public string Url { get; }

        public int Requests => Volatile.Read(ref _requests);

        public static Redirector To(string location) => new(location);

        public void Dispose() => _listener.Close();

        private async Task ServeAsync(string location)
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

                Interlocked.Increment(ref _requests);
                context.Response.StatusCode = 307;
                context.Response.RedirectLocation = location;
                context.Response.Close();
            }
        }
    }
}
