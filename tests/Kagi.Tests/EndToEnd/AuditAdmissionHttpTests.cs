using System.Net;
using System.Text.Json;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// What a refused request leaves in the audit log: a caller refused before admission (authorization,
/// allow-list, validation) is recorded with the action and the refusal only, never the detail built
/// from fields they were not allowed to send, and no intent. An admitted fail-closed change is
/// recorded as intent, then outcome, with its values.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class AuditAdmissionHttpTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    private static object Lockout(int threshold) =>
        new { threshold, durationSeconds = 600, maximumDurationSeconds = 3600, sprayUsers = 10, sprayWindowSeconds = 600, sprayBlockSeconds = 900 };

    [Fact]
    public async Task A_settings_change_by_someone_not_allowed_is_recorded_without_its_values_and_without_an_intent()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var path = $"/api/t/{tenant.Id}/settings/lockout";
        (await Api.SendAsync(HttpMethod.Put, path, Lockout(7), tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Put, path, Lockout(-5), tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendAsync(HttpMethod.Put, path, Lockout(4), tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        var records = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?kind=settings.&limit=50", tenant.Dave)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("events").EnumerateArray()
            .Select(e => (Actor: e.GetProperty("actor").GetString(), Result: e.GetProperty("result").GetString(), Detail: Detail(e)))
            .Reverse().ToList();

        // Bob was never admitted: his values are nowhere. Alice's values are checked by the domain inside
        // the grain, so her refused change was admitted and is on record as intent and failure.
        Assert.Equal(("bob", "failure", "forbidden"), records[0]);
        Assert.DoesNotContain(records, r => r.Detail.Contains("threshold 7", StringComparison.Ordinal));
        Assert.Equal(["intent", "failure", "intent", "success"], records.Skip(1).Select(r => r.Result));
        Assert.All(records.Skip(1), r => Assert.Equal("alice", r.Actor));
        Assert.StartsWith("threshold -5,", records[1].Detail, StringComparison.Ordinal);
        Assert.EndsWith("; invalid", records[2].Detail, StringComparison.Ordinal);
        Assert.StartsWith("threshold 4,", records[3].Detail, StringComparison.Ordinal);
        Assert.Equal(records[3].Detail, records[4].Detail);
    }

    private static string Detail(JsonElement e) =>
        e.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()! : "";
}
