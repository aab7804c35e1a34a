using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kagi.Domain.Notifications;

/// <summary>
/// The webhook body: <c>{"id","event","tenant","time","requestId","data":{…}}</c>. <c>id</c> is the
/// delivery id (also <c>X-Kagi-Delivery</c>), the same on every retry, so receivers can drop repeats;
/// <c>time</c> is when the event was enqueued (ISO 8601, UTC); <c>data</c> holds the template
/// parameters, keys in ordinal order.
/// </summary>
public static class WebhookPayload
{
    public static string Create(string deliveryId, string eventName, string tenantId, DateTimeOffset time, string? requestId, IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", deliveryId);
            json.WriteString("event", eventName);
            json.WriteString("tenant", tenantId);
            json.WriteString("time", time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            if (requestId is null)
            {
                json.WriteNull("requestId");
            }
            else
            {
                json.WriteString("requestId", requestId);
            }

            json.WriteStartObject("data");
            foreach (var (key, value) in data.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
