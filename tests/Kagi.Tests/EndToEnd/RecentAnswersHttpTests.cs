using System.Diagnostics;
using System.Net;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A Frontend keeps a session's and a tenant's admission answers for up to a second (issue 15, P1). A change made through
/// it holds there at once; made through another Frontend, within a second (<see cref="Revocation"/>).
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class RecentAnswersHttpTests(KagiDeployment kagi)
{
    private static readonly string[] UserRole = ["user"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task A_user_disabled_through_one_frontend_is_refused_at_once_there_and_within_a_second_at_another()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var other = await kagi.SecondNodeAsync();
        var requests = $"/api/t/{tenant.Id}/requests";
        (await Api.GetAsync(requests, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        (await other.GetAsync(requests, tenant.Bob)).ShouldBe(HttpStatusCode.OK);

        (await Api.PostAsync($"/api/t/{tenant.Id}/users/bob/disable", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);
        var disabledAt = Stopwatch.GetTimestamp();

        (await Api.GetAsync(requests, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        await Revocation.ShouldBeRefusedWithinASecondAsync(() => other.GetAsync(requests, tenant.Bob), disabledAt, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_role_taken_away_through_one_frontend_ends_the_session_at_another_within_a_second()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var other = await kagi.SecondNodeAsync();
        var requests = $"/api/t/{tenant.Id}/requests";
        (await other.GetAsync(requests, tenant.Dave)).ShouldBe(HttpStatusCode.OK);

        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/dave/roles", new { roles = UserRole }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var changedAt = Stopwatch.GetTimestamp();

        await Revocation.ShouldBeRefusedWithinASecondAsync(() => other.GetAsync(requests, tenant.Dave), changedAt, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_tenant_suspended_through_one_frontend_is_refused_within_a_second_at_another_and_resumed_likewise()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var other = await kagi.SecondNodeAsync();
        var requests = $"/api/t/{tenant.Id}/requests";
        (await Api.GetAsync(requests, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        (await other.GetAsync(requests, tenant.Bob)).ShouldBe(HttpStatusCode.OK);

        (await Api.PostAsync($"/api/tenants/{tenant.Id}/suspend", null, Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);
        var suspendedAt = Stopwatch.GetTimestamp();

        (await Api.GetAsync(requests, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "tenant-suspended");
        await Revocation.ShouldBeRefusedWithinASecondAsync(() => other.GetAsync(requests, tenant.Bob), suspendedAt, HttpStatusCode.Forbidden, "tenant-suspended");

        (await Api.PostAsync($"/api/tenants/{tenant.Id}/resume", null, Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);
        (await Api.GetAsync(requests, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        await Task.Delay(Revocation.Bound);
        (await other.GetAsync(requests, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
    }
}
