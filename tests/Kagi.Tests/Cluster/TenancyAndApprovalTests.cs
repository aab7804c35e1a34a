using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Tenancy;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

[Collection(KagiClusterGroup.Name)]
public sealed class TenancyAndApprovalTests(KagiClusterFixture fixture)
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task Grains_answer_not_found_to_a_caller_from_another_tenant()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var outsider = new Caller("someone-else", "admin", [KagiRoles.Admin, KagiRoles.Auditor], null);
        var requestId = await world.ApprovedRequestAsync(Now.AddMinutes(-1), Now.AddHours(1));

        var calls = new Func<Task>[]
        {
            () => world.Account.GetAsync(outsider),
            () => world.Account.CheckOutAsync(outsider with { Username = "requester" }, requestId),
            () => world.Account.RotateAsync(outsider),
            () => world.Request(requestId).GetAsync(outsider),
            () => fixture.Grains.GetGrain<IUserGrain>(GrainKeys.For(world.TenantId, "requester")).GetAsync(outsider),
            () => fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, "pg")).GetAsync(outsider),
            () => fixture.Grains.GetGrain<IAuditLogGrain>(world.TenantId).ReadAsync(outsider, null, 10),
        };

        foreach (var call in calls)
        {
            var refused = await Assert.ThrowsAsync<KagiException>(call);
            Assert.Equal(ProblemCode.NotFound, refused.Code);
        }
    }

    [Fact]
    public async Task A_requester_cannot_approve_their_own_request_even_when_they_are_also_an_approver()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var both = new Caller(world.TenantId, "requester", [KagiRoles.User, KagiRoles.Approver, KagiRoles.Admin], null);
        var requestId = Guid.NewGuid().ToString("N");
        await world.Request(requestId).SubmitAsync(both, new NewAccessRequest(TenantWorld.AccountId, Now, Now.AddHours(1), "work"));

        var refused = await Assert.ThrowsAsync<KagiException>(() => world.Request(requestId).ApproveAsync(both, null));

        Assert.Equal(ProblemCode.SelfApproval, refused.Code);
        Assert.Equal(AccessRequestStatus.Pending, (await world.Request(requestId).GetAsync(both)).Status);
    }

    [Fact]
    public async Task A_rejected_request_stays_rejected_and_cannot_be_approved_afterwards()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var requestId = Guid.NewGuid().ToString("N");
        await world.Request(requestId).SubmitAsync(world.Requester, new NewAccessRequest(TenantWorld.AccountId, Now, Now.AddHours(1), "work"));
        await world.Request(requestId).RejectAsync(world.Approver, "not now");

        var refused = await Assert.ThrowsAsync<KagiException>(() => world.Request(requestId).ApproveAsync(world.Approver, null));

        Assert.Equal(ProblemCode.InvalidState, refused.Code);
        var request = await world.Request(requestId).GetAsync(world.Requester);
        Assert.Equal(AccessRequestStatus.Rejected, request.Status);
        Assert.Equal("approver", request.Decision!.DecidedBy);
    }

    [Fact]
    public async Task Opening_an_existing_tenant_again_is_refused_and_leaves_its_admin_untouched()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);

        var refused = await Assert.ThrowsAsync<KagiException>(() =>
            fixture.Grains.GetGrain<ITenantGrain>(world.TenantId).CreateAsync(new TenantCreation("Hijack", "admin", "Other-Password-1")));

        Assert.Equal(ProblemCode.AlreadyExists, refused.Code);
        var admin = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.For(world.TenantId, "admin"));
        Assert.NotNull(await admin.CheckPasswordAsync(TenantWorld.AdminPassword));
        Assert.Null(await admin.CheckPasswordAsync("Other-Password-1"));
    }

    [Fact]
    public async Task Audit_records_are_hash_chained_and_read_newest_first_in_pages()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(world.TenantId);
        for (var i = 1; i <= 5; i++)
        {
            await log.AppendAsync(new AuditEvent(Now, "admin", "test.event", $"subject-{i}", AuditResults.Success, "10.0.0.1", null));
        }

        var first = await log.ReadAsync(world.Admin, null, 3);
        var second = await log.ReadAsync(world.Admin, first.NextBeforeSequence, 3);
        var records = first.Records.Concat(second.Records).ToList();

        Assert.Equal(["subject-5", "subject-4", "subject-3", "subject-2", "subject-1"], records.Select(r => r.Event.Subject));
        Assert.Equal([5L, 4, 3, 2, 1], records.Select(r => r.Sequence));
        Assert.Null(second.NextBeforeSequence);
        for (var i = 0; i < records.Count - 1; i++)
        {
            Assert.Equal(records[i + 1].Hash, records[i].PreviousHash);
            Assert.True(AuditChain.IsIntact(records[i], records[i + 1].Hash));
        }

        Assert.Equal(AuditChain.GenesisHash, records[^1].PreviousHash);
    }

    [Fact]
    public async Task Audit_events_for_a_tenant_that_does_not_exist_are_not_stored()
    {
        var log = fixture.Grains.GetGrain<IAuditLogGrain>("no-such-tenant-" + Guid.NewGuid().ToString("N")[..8]);

        var sequence = await log.AppendAsync(new AuditEvent(Now, "mallory", "auth.login", "mallory", AuditResults.Failure, null, null));

        Assert.Null(sequence);
    }
}
