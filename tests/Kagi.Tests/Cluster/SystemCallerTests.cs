using Kagi.Errors;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>Calls only Kagi itself makes refuse every user, an admin included; Kagi holds no role an admin could share.</summary>
[Collection(KagiClusterGroup.Name)]
public sealed class SystemCallerTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task An_admin_is_refused_where_only_Kagi_itself_may_call()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        var admin = new Caller(tenantId, "admin", [KagiRoles.Admin, KagiRoles.Approver, KagiRoles.Auditor, KagiRoles.User], null);
        var account = fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(tenantId, "db"));
        var notices = fixture.Grains.GetGrain<IUserNoticeBoxGrain>(GrainKeys.For(tenantId, "bob"));
        var grant = new AccessGrant("r1", "admin", AccessRequestStatus.Approved, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        var calls = new Func<Task>[]
        {
            () => account.ReceiveGrantAsync(admin, grant),
            () => account.EndRequestAccessAsync(admin, "r1", "an admin pretending to be the request"),
            () => account.ExtendRequestAccessAsync(admin, "r1", DateTimeOffset.UtcNow.AddDays(1)),
            () => notices.AddAsync(admin, new UserNotice(DateTimeOffset.UtcNow, "risk-alert", "forged", null)),
            () => notices.ListAsync(admin),
        };
        foreach (var call in calls)
        {
            Assert.Equal(ProblemCode.Forbidden, (await Assert.ThrowsAsync<KagiException>(call)).Code);
        }

        await notices.AddAsync(Caller.System(tenantId), new UserNotice(DateTimeOffset.UtcNow, "risk-alert", "from Kagi", null));
        Assert.Equal("from Kagi", Assert.Single(await notices.ListAsync(Caller.System(tenantId))).Message);
    }
}
