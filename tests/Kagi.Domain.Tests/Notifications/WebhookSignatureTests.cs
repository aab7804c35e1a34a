using Kagi.Domain.Notifications;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Secret = "kagi-webhook-secret-0001";
    private const string Body = """{"id":"d1","event":"notification.test"}""";
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void The_signature_is_hmac_sha256_of_timestamp_dot_body_in_lower_case_hex()
    {
        // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'kagi-webhook-secret-0001',
        //   b'1700000000.{\"id\":\"d1\",\"event\":\"notification.test\"}', hashlib.sha256).hexdigest())"
        Assert.Equal("sha256=db57239b14a5603e6ffc282118d749d06a5e7a21400761f790b8f32fe4dce776", WebhookSignature.Compute(Secret, 1_700_000_000, Body));
    }

    [Fact]
    public void A_receiver_accepts_the_genuine_delivery_within_the_tolerance()
    {
        var signature = WebhookSignature.Compute(Secret, 1_700_000_000, Body);

        Assert.True(WebhookSignature.Verify(Secret, "1700000000", Body, signature, SentAt.AddMinutes(4)));
    }

    [Fact]
    public void A_receiver_refuses_a_changed_body_another_secret_a_moved_or_stale_timestamp_and_garbage()
    {
        var signature = WebhookSignature.Compute(Secret, 1_700_000_000, Body);

        Assert.False(WebhookSignature.Verify(Secret, "1700000000", Body.Replace("d1", "d2", StringComparison.Ordinal), signature, SentAt));
        Assert.False(WebhookSignature.Verify("another-secret-of-16+", "1700000000", Body, signature, SentAt));
        Assert.False(WebhookSignature.Verify(Secret, "1700000001", Body, signature, SentAt));
        Assert.False(WebhookSignature.Verify(Secret, "1700000000", Body, signature, SentAt.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify(Secret, "-5", Body, signature, SentAt));
        Assert.False(WebhookSignature.Verify(Secret, "99999999999999999", Body, signature, SentAt));
        Assert.False(WebhookSignature.Verify(Secret, null, Body, signature, SentAt));
        Assert.False(WebhookSignature.Verify(Secret, "1700000000", Body, null, SentAt));
        Assert.False(WebhookSignature.Verify(Secret, "1700000000", Body, signature.ToUpperInvariant(), SentAt));
    }

    [Fact]
    public void The_payload_carries_the_delivery_id_event_tenant_time_request_and_sorted_data()
    {
        var payload = WebhookPayload.Create("d1", "request.approved", "acme", new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(9)), "r-1",
            new Dictionary<string, string> { ["requester"] = "bob", ["accounts"] = "db-owner", ["comment"] = "承認 \"ok\"" });

        Assert.Equal("""{"id":"d1","event":"request.approved","tenant":"acme","time":"2030-01-01T18:04:05.678Z","requestId":"r-1","data":{"accounts":"db-owner","comment":"\u627F\u8A8D \u0022ok\u0022","requester":"bob"}}""", payload);
        Assert.Equal("承認 \"ok\"", System.Text.Json.JsonDocument.Parse(payload).RootElement.GetProperty("data").GetProperty("comment").GetString());
    }
}
