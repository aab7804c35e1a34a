using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Kagi.Domain.Notifications;
using Kagi.Egress;

namespace Kagi.Notifications;

/// <summary>
/// POSTs a webhook payload with Kagi's headers and signature (<see cref="WebhookSignature"/>).
/// A 2xx answer within 10 seconds is delivered; anything else is a failure to retry. A redirect is an answer like any
/// other (3xx, not delivered), never followed: the tenant's egress gate checked one destination, not the next.
/// </summary>
public sealed class WebhookSender(EgressGates egress, TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // One client per tenant: pooled connections are never shared across tenants, whose egress allowances differ.
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    /// <summary>Returns null when delivered, else why not (status code or failure kind; never the secret or URL).</summary>
    public async Task<string?> SendAsync(string tenantId, string url, string secret, string eventName, string deliveryId, string payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Kagi-Event", eventName);
        request.Headers.Add("X-Kagi-Delivery", deliveryId);
        request.Headers.Add("X-Kagi-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Kagi-Signature", WebhookSignature.Compute(secret, timestamp, payload));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Kagi-Webhook", "1"));
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var http = _clients.GetOrAdd(tenantId, tenant => new HttpClient(egress.For(tenant).HttpHandler()) { Timeout = System.Threading.Timeout.InfiniteTimeSpan });
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"no answer within {Timeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException e)
        {
            return "request failed: " + e.HttpRequestError switch
            {
                // Refused by the egress policy, unresolved or refused by the receiver: one answer, so a tenant
                // cannot tell Kagi's network apart through its webhooks.
                HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError => "could not connect",
                HttpRequestError.SecureConnectionError => "TLS failed",
                _ => e.HttpRequestError.ToString(),
            };
        }
    }
}
