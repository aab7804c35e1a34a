using Kagi.Domain.Requests;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Requests;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// What a submission and its approval write (issue 15, P5): the request grain adds its row without reading it first
/// and reads a stored request when a call first needs it; an account stores a request only once it is approved.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class RequestStorageTests(KagiClusterFixture fixture)
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_account_is_not_written_for_a_pending_request_and_holds_the_grant_once_it_is_approved()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var id = Guid.NewGuid().ToString("N");

        await world.Request(id).SubmitAsync(world.Requester, new NewAccessRequest(TenantWorld.AccountId, Now.AddMinutes(-1), Now.AddHours(1), "work"));
        Assert.Empty((await StoredAccountAsync(world)).AllGrants);

        await world.Request(id).ApproveAsync(world.Approver, "ok");
        var grant = Assert.Single((await StoredAccountAsync(world)).AllGrants);
        Assert.Equal((id, AccessRequestStatus.Approved), (grant.RequestId, grant.Status));

        // Once held, a later change replaces it: a revoked request can no longer be checked out.
        await world.Request(id).RevokeAsync(world.Admin, "done early");
        Assert.Equal(AccessRequestStatus.Revoked, Assert.Single((await StoredAccountAsync(world)).AllGrants).Status);
    }

    [Fact]
    public async Task A_stored_request_is_read_when_a_call_first_needs_it()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var id = await StoredEarlierAsync(world);

        var read = await world.Request(id).GetAsync(world.Requester);

        Assert.Equal(("requester", AccessRequestStatus.Approved), (read.Requester, read.Status));
        var again = await Assert.ThrowsAsync<KagiException>(() => world.Request(id).ApproveAsync(world.Admin, "twice"));
        Assert.NotEqual(ProblemCode.NotFound, again.Code);
    }

    [Fact]
    public async Task A_submission_under_the_id_of_a_stored_request_is_refused_and_leaves_that_request_as_it_was()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var id = await StoredEarlierAsync(world);

        // The new grain adds its row without reading it: the add fails, and the stored request is not replaced.
        var refused = await Assert.ThrowsAsync<KagiException>(() => world.Request(id).SubmitAsync(world.SecondRequester,
            new NewAccessRequest(TenantWorld.AccountId, Now.AddMinutes(-1), Now.AddHours(2), "someone else's work")));

        Assert.Equal(ProblemCode.AlreadyExists, refused.Code);
        var after = await PersistedState.ReadAsync<AccessRequestState>(fixture.Cluster, world.Request(id), "request");
        Assert.Equal(("requester", "maintenance", AccessRequestStatus.Approved), (after.Requester, after.Reason, after.Status));
        Assert.Equal("requester", (await world.Request(id).GetAsync(world.Admin)).Requester);
    }

    private async Task<AccountState> StoredAccountAsync(TenantWorld world) =>
        await PersistedState.ReadAsync<AccountState>(fixture.Cluster, world.Account, "account");

    /// <summary>An approved request's row, stored under a fresh id whose grain has never been activated (as a row
    /// stored before a restart would be); the id.</summary>
    private async Task<string> StoredEarlierAsync(TenantWorld world)
    {
        var approved = world.Request(await world.ApprovedRequestAsync(Now.AddMinutes(-1), Now.AddHours(1)));
        var id = Guid.NewGuid().ToString("N");
        await PersistedState.WriteAsync(fixture.Cluster, world.Request(id), "request",
            await PersistedState.ReadAsync<AccessRequestState>(fixture.Cluster, approved, "request"));
        return id;
    }
}
