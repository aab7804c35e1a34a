using System.Net;
using System.Text.Json;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>The audit trail's HTTP contract: verify, filtered reads and streamed exports.</summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class AuditTrailTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task An_auditor_verifies_filters_and_exports_the_log_over_http()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        await Api.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "bob", password = "wrong-password!" }, null);
        // A password typed into the username field: no user has that name, so it is kept only as a keyed hash.
        await Api.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "Hunter2-Secret", password = "wrong-password!" }, null);

        var verify = (await Api.GetAsync($"/api/t/{tenant.Id}/audit/verify", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.True(verify.Json.GetProperty("valid").GetBoolean(), verify.Body);
        Assert.True(verify.Json.GetProperty("records").GetInt64() >= 10, verify.Body);
        Assert.False(verify.Json.TryGetProperty("firstBroken", out _), verify.Body);

        var failures = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?actor=bob&result=failure&kind=authentication", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var failed = Assert.Single(failures.Json.GetProperty("events").EnumerateArray());
        Assert.Equal("auth.login", failed.GetProperty("action").GetString());

        var jsonl = (await Api.GetAsync($"/api/t/{tenant.Id}/audit/export?format=jsonl&actor=alice", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/jsonl", jsonl.MediaType);
        var lines = jsonl.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("alice", l.GetProperty("actor").GetString()));
        Assert.True(lines.Select(l => l.GetProperty("sequence").GetInt64()).SequenceEqual(lines.Select(l => l.GetProperty("sequence").GetInt64()).OrderDescending()));

        var csv = (await Api.GetAsync($"/api/t/{tenant.Id}/audit/export?format=csv", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain("Hunter2-Secret", csv.Body, StringComparison.Ordinal);
        Assert.Contains(",authentication,hmac:", csv.Body, StringComparison.Ordinal);
        Assert.Equal("text/csv", csv.MediaType);
        Assert.StartsWith("sequence,time,kind,actor,action,", csv.Body, StringComparison.Ordinal);
        Assert.Contains(",authentication,bob,auth.login,bob,failure,", csv.Body, StringComparison.Ordinal);

        (await Api.GetAsync($"/api/t/{tenant.Id}/audit/export?format=pdf", tenant.Dave)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.GetAsync($"/api/t/{tenant.Id}/audit?result=maybe", tenant.Dave)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.GetAsync($"/api/t/{tenant.Id}/audit/verify", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.GetAsync($"/api/t/{tenant.Id}/audit/export", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");

        var settings = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/audit", new { retentionDays = 730 }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(730, settings.Json.GetProperty("retentionDays").GetInt32());
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/audit", new { retentionDays = 7 }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/audit", new { retentionDays = 400 }, tenant.Dave)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        var changes = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?kind=settings.&result=success", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("retention 730 days", Assert.Single(changes.Json.GetProperty("events").EnumerateArray()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var audit = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?kind=audit.", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        var actions = audit.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("audit.verify", actions);
        Assert.Contains("audit.export", actions);
    }
}
