using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Kagi.Domain.Notifications;

namespace Kagi.Notifications;

/// <summary>
/// POSTs a webhook payload with Kagi's headers and signature (<see cref="WebhookSignature"/>).
/// A 2xx answer within 10 seconds is delivered; anything else is a failure to retry.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Returns null when delivered, else why not (status code or failure kind; never the secret or URL).</summary>
    public async Task<string?> SendAsync(string url, string secret, string eventName, string deliveryId, string payload, DateTimeOffset now, CancellationToken cancellationToken)
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
                HttpRequestError.ConnectionError => "could not connect",
                HttpRequestError.NameResolutionError => "host name not found",
                HttpRequestError.SecureConnectionError => "TLS failed",
                _ => e.HttpRequestError.ToString(),
            };
        }
    }
}
