using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kagi.Frontend.Features.Audit;
using Kagi.Frontend.Features.Requests;
using Kagi.Frontend.Hosting;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>A null inside a list that may hold none is a bad body (400), not a handler's NullReferenceException (500); found by the body fuzz.</summary>
public sealed class NullElementsTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver().WithAddedModifier(NullElements.Refuse),
    };

    [Theory]
    [InlineData("""{"decisions":[null]}""")]
    [InlineData("""{"decisions":[{"requestId":"r1","decision":"approve"},null]}""")]
    public void A_null_decision_in_a_bulk_decision_is_refused_as_bad_json(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BulkDecide.Body>(json, Options));

    [Fact]
    public void A_null_report_in_an_optional_list_is_refused_but_the_list_may_be_left_out_or_null()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<UpdateAuditSettings.Body>("""{"retentionDays":365,"reports":[null]}""", Options));

        Assert.Null(JsonSerializer.Deserialize<UpdateAuditSettings.Body>("""{"retentionDays":365}""", Options)!.Reports);
        Assert.Null(JsonSerializer.Deserialize<UpdateAuditSettings.Body>("""{"retentionDays":365,"reports":null}""", Options)!.Reports);
    }

    [Fact]
    public void A_list_without_nulls_reads_as_sent()
    {
        var body = JsonSerializer.Deserialize<BulkDecide.Body>("""{"decisions":[{"requestId":"r1","decision":"approve"}]}""", Options)!;

        Assert.Equal("r1", Assert.Single(body.Decisions).RequestId);
    }
}
