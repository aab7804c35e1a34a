using System.Net;
using System.Text.Json;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Issue 10, item 6, over HTTP: a shorter retention is answered as pending for 7 days; the
/// operator's token, not the tenant's admin, lets it take effect at once, asking again for it keeps its
/// time, and all of it is on record (the admin's attempt too).</summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class AuditSettingsDelayHttpTests(KagiDeployment kagi)
{
    [Fact]
    public async Task A_shorter_retention_is_answered_as_pending_and_only_the_operator_lets_it_take_effect_at_once()
    {
        var api = kagi.Api;
        var tenant = await TenantScript.OpenAsync(api);
        var settings = $"/api/t/{tenant.Id}/settings/audit";
        var approve = $"/api/tenants/{tenant.Id}/settings/audit/approve";

        var put = (await api.SendAsync(HttpMethod.Put, settings, new { retentionDays = 30 }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(365, put.Json.GetProperty("retentionDays").GetInt32());
        var pending = (await api.GetAsync(settings, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("pending");
        Assert.Equal((30, "alice"), (pending.GetProperty("retentionDays").GetInt32(), pending.GetProperty("requestedBy").GetString()));
        Assert.InRange(pending.GetProperty("effectiveAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromDays(6.99), TimeSpan.FromDays(7));
        // Asked again (as a console page does when it saves another part), the change keeps its time and is no new request.
        (await api.SendAsync(HttpMethod.Put, settings, new { retentionDays = 30 }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var askedAgain = (await api.GetAsync(settings, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("pending");
        Assert.Equal(pending.GetProperty("effectiveAt").GetDateTimeOffset(), askedAgain.GetProperty("effectiveAt").GetDateTimeOffset());
        (await api.PostAsync(approve, null, tenant.Admin)).ShouldBe(HttpStatusCode.Unauthorized);

        var approved = (await api.PostAsync(approve, null, api.OperatorToken)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(30, approved.Json.GetProperty("retentionDays").GetInt32());
        Assert.Equal(JsonValueKind.Null, approved.Json.GetProperty("pending").ValueKind);
        (await api.PostAsync(approve, null, api.OperatorToken)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        var records = (await api.GetAsync($"/api/t/{tenant.Id}/audit?kind=settings.audit.", tenant.Dave)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("result").GetString()}").Reverse();
        Assert.Equal(
        [
            "alice settings.audit.update intent", "alice settings.audit.pending success", "alice settings.audit.update success",
            "alice settings.audit.update intent", "alice settings.audit.update success",
            "alice settings.audit.approve failure",
            "kagi:operator settings.audit.approve intent", "kagi:operator settings.audit.effective success", "kagi:operator settings.audit.approve success",
            "kagi:operator settings.audit.approve intent", "kagi:operator settings.audit.approve failure",
        ], records);
    }
}
