using Kagi.Audit;
using Kagi.Requests;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// A request's reminder does its work with nobody calling the request: the test only watches the
/// tenant's request listing and audit log (reading the request itself would make it catch up).
/// </summary>
[Collection(RealTimeScheduleTests.Name)]
public sealed class RealTimeRequestTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task An_undecided_request_is_expired_by_its_reminder_and_the_listing_shows_it()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var id = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        await world.Request(id).SubmitAsync(world.Requester, new NewAccessRequest(TenantWorld.AccountId, now.AddSeconds(4), now.AddHours(1), "nightly batch"));
        var index = fixture.Grains.GetGrain<IRequestIndexGrain>(world.TenantId);

        var page = await Eventually.Async(() => index.QueryAsync(world.Admin, new RequestQuery(null, false, false, null, 10)),
            p => p.Items.Any(s => s.Id == id && s.Status == AccessRequestStatus.Expired), TimeSpan.FromSeconds(90));

        Assert.Null(page.Items.Single(s => s.Id == id).AwaitingApprovers);
        var audit = await fixture.Grains.GetGrain<IAuditLogGrain>(world.TenantId).QueryAsync(world.Admin, new AuditFilter(RequestId: id), null, 50);
        Assert.Contains(audit.Records, r => r.Event.Action == "request.expire" && r.Event.Actor == Caller.SystemName);
    }
}
