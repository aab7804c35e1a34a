using System.Collections.Immutable;
using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// The request index as table rows: every request stays listed (closed ones past the 2,000 an earlier
/// version kept), pages with filters hold each request once, a listing kept in grain state by an earlier
/// version becomes rows, and a lost index is rebuilt from the request grains.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class RequestIndexTableTests(KagiClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddDays(-30);

    private static readonly ApproverSet Approvers = new([], [KagiRoles.Approver], []);

    private static readonly AccessRequestStatus[] Closed = [AccessRequestStatus.Expired, AccessRequestStatus.Rejected, AccessRequestStatus.Revoked];

    private static readonly string[] Requesters = ["erin", "frank", "gina"];

    [Fact]
    public async Task More_requests_than_the_old_cap_are_all_listed_in_pages_with_filters_each_once()
    {
        var tenant = NewTenant();
        await ListApproverAsync(tenant, "bob");
        // Pairs share a creation time, so ties are paged by id.
        var all = Enumerable.Range(0, 2150).Select(i => Summary(i, i < 2100 ? Closed[i % 3] : i < 2130 ? AccessRequestStatus.Pending : AccessRequestStatus.Approved)).ToList();
        await PutAllAsync(tenant, all);
        var index = fixture.Grains.GetGrain<IRequestIndexGrain>(tenant);
        var admin = new Caller(tenant, "ann", [KagiRoles.Admin], "10.0.0.1");
        var erin = new Caller(tenant, "erin", [KagiRoles.User], "10.0.0.2");
        var bob = new Caller(tenant, "bob", [KagiRoles.Approver], "10.0.0.3");

        Assert.Equal(Newest(all), await ListAllAsync(index, admin, null, mine: false, toApprove: false, 200));
        Assert.Equal(Newest(all.Where(s => s.Status == AccessRequestStatus.Expired)), await ListAllAsync(index, admin, AccessRequestStatus.Expired, mine: false, toApprove: false, 150));
        var erins = all.Where(s => s.Requester == "erin").ToList();
        Assert.Equal(Newest(erins), await ListAllAsync(index, erin, null, mine: true, toApprove: false, 97));
        Assert.Equal(Newest(erins), await ListAllAsync(index, erin, null, mine: false, toApprove: false, 200));
        Assert.Equal(Newest(erins.Where(s => s.Status == AccessRequestStatus.Rejected)), await ListAllAsync(index, erin, AccessRequestStatus.Rejected, mine: false, toApprove: false, 64));
        Assert.Equal(Newest(all.Where(s => s.Status == AccessRequestStatus.Pending)), await ListAllAsync(index, bob, AccessRequestStatus.Pending, mine: false, toApprove: true, 7));

        var approved = erins.Where(s => s.Status == AccessRequestStatus.Approved).OrderBy(s => s.CreatedAt).ThenByDescending(s => s.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(approved.Select(s => new HeldAccount(s.Id, "db")), (await index.HeldUnderAsync(admin, "erin")).AsEnumerable());
        Assert.Equal(erins.Where(s => s.Status is AccessRequestStatus.Pending or AccessRequestStatus.Approved).Select(s => s.Id).Order(StringComparer.Ordinal),
            (await index.OpenOfAsync(admin, "erin")).Order(StringComparer.Ordinal));
        Assert.Equal(["r00000", "r01999"], (await index.FindAsync(admin, ["r00000", "r01999", "r99999"])).Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_request_whose_status_changes_leaves_the_listings_it_no_longer_belongs_to()
    {
        var tenant = NewTenant();
        await ListApproverAsync(tenant, "bob");
        var store = Store();
        var waiting = Summary(1, AccessRequestStatus.Pending);
        await store.PutAsync(tenant, waiting);
        await store.PutAsync(tenant, Summary(2, AccessRequestStatus.Pending));
        var index = fixture.Grains.GetGrain<IRequestIndexGrain>(tenant);
        var admin = new Caller(tenant, "ann", [KagiRoles.Admin], "10.0.0.1");
        var bob = new Caller(tenant, "bob", [KagiRoles.Approver], "10.0.0.3");

        await store.PutAsync(tenant, waiting with { Status = AccessRequestStatus.Approved, AwaitingApprovers = null });

        Assert.Equal(["r00002"], await ListAllAsync(index, admin, AccessRequestStatus.Pending, mine: false, toApprove: false, 10));
        Assert.Equal(["r00002"], await ListAllAsync(index, bob, null, mine: false, toApprove: true, 10));
        Assert.Equal(["r00001"], await ListAllAsync(index, admin, AccessRequestStatus.Approved, mine: false, toApprove: false, 10));
        Assert.Equal(["r00002", "r00001"], await ListAllAsync(index, admin, null, mine: false, toApprove: false, 10));
        Assert.Equal(AccessRequestStatus.Approved, (await index.FindAsync(admin, ["r00001"])).Single().Status);
        // The waiting one: its summary and five listings; the approved one, no longer waiting: its summary and four.
        Assert.Equal(6 + 5, await CountRowsAsync(tenant));
    }

    [Fact]
    public async Task A_write_from_what_the_last_write_left_needs_no_read_and_still_lands_after_another_writer_or_an_emptied_index()
    {
        var tenant = NewTenant();
        var store = Store();
        var admin = new Caller(tenant, "ann", [KagiRoles.Admin], "10.0.0.1");
        var index = fixture.Grains.GetGrain<IRequestIndexGrain>(tenant);
        var pending = Summary(1, AccessRequestStatus.Pending);

        var first = await store.PutAsync(tenant, pending, IndexedRequest.Absent);
        Assert.True(first is { Exists: true });
        // Nothing changed: the answer is what the caller already knew, and nothing is written.
        Assert.Same(first, await store.PutAsync(tenant, pending, first));
        var approved = await store.PutAsync(tenant, pending with { Status = AccessRequestStatus.Approved, AwaitingApprovers = null }, first);
        Assert.Equal(["r00001"], await ListAllAsync(index, admin, AccessRequestStatus.Approved, mine: false, toApprove: false, 10));
        Assert.Empty(await ListAllAsync(index, admin, AccessRequestStatus.Pending, mine: false, toApprove: false, 10));

        // Another writer (a rebuild) changed the row since: the ETag refuses the write, the row is read, and no listing of
        // the other writer's status is left behind.
        await store.PutAsync(tenant, pending with { Status = AccessRequestStatus.Rejected, AwaitingApprovers = null });
        var expired = await store.PutAsync(tenant, pending with { Status = AccessRequestStatus.Expired, AwaitingApprovers = null }, approved);
        Assert.Equal(["r00001"], await ListAllAsync(index, admin, AccessRequestStatus.Expired, mine: false, toApprove: false, 10));
        Assert.Empty(await ListAllAsync(index, admin, AccessRequestStatus.Rejected, mine: false, toApprove: false, 10));
        Assert.Equal(AccessRequestStatus.Expired, (await index.FindAsync(admin, ["r00001"])).Single().Status);

        // The index was emptied since: the summary row the caller knew is gone, and the write stores it again.
        await DeleteRowsAsync(tenant);
        await store.PutAsync(tenant, pending with { Status = AccessRequestStatus.Revoked, AwaitingApprovers = null }, expired);
        Assert.Equal(["r00001"], await ListAllAsync(index, admin, AccessRequestStatus.Revoked, mine: false, toApprove: false, 10));

        // A caller that thought nothing was indexed meets the row on add, reads it and replaces it.
        await store.PutAsync(tenant, pending with { Status = AccessRequestStatus.Expired, AwaitingApprovers = null }, IndexedRequest.Absent);
        Assert.Equal(["r00001"], await ListAllAsync(index, admin, AccessRequestStatus.Expired, mine: false, toApprove: false, 10));
        Assert.Empty(await ListAllAsync(index, admin, AccessRequestStatus.Revoked, mine: false, toApprove: false, 10));
        Assert.Equal(5, await CountRowsAsync(tenant));
    }

    [Fact]
    public async Task A_listing_stored_in_the_old_shape_is_listed_after_upgrade_and_the_old_state_is_emptied()
    {
        var tenant = NewTenant();
        var old = Enumerable.Range(0, 40).Select(i => Summary(i, i < 30 ? Closed[i % 3] : AccessRequestStatus.Pending)).ToList();
        // A request grain already wrote a newer summary of r00039 after the upgrade: the old one never replaces it.
        var newer = old[39] with { Status = AccessRequestStatus.Approved, AwaitingApprovers = null };
        await Store().PutAsync(tenant, newer);
        var index = fixture.Grains.GetGrain<IRequestIndexGrain>(tenant);
        await PersistedState.WriteAsync(fixture.Cluster, index, "requests",
            new RequestIndexState { Requests = old.ToImmutableSortedDictionary(s => s.Id, s => s, StringComparer.Ordinal) });
        var admin = new Caller(tenant, "ann", [KagiRoles.Admin], "10.0.0.1");

        Assert.Equal(Newest(old), await ListAllAsync(index, admin, null, mine: false, toApprove: false, 15));
        Assert.Equal(Newest(old.Where(s => s.Status == AccessRequestStatus.Revoked)), await ListAllAsync(index, admin, AccessRequestStatus.Revoked, mine: false, toApprove: false, 4));
        Assert.Equal(Newest(old.Where(s => s.Requester == "gina")), await ListAllAsync(index, admin, null, mine: false, toApprove: false, 200, asRequester: "gina"));
        Assert.Equal(AccessRequestStatus.Approved, (await index.FindAsync(admin, ["r00039"])).Single().Status);
        Assert.Equal(["r00039"], await ListAllAsync(index, admin, AccessRequestStatus.Approved, mine: false, toApprove: false, 10));
        Assert.Empty((await PersistedState.ReadAsync<RequestIndexState>(fixture.Cluster, index, "requests")).Requests);
    }

    [Fact]
    public async Task A_deleted_request_index_is_rebuilt_from_the_request_grains()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var now = DateTimeOffset.UtcNow;
        var approved = await world.ApprovedRequestAsync(now.AddMinutes(-1), now.AddHours(1));
        var pending = Guid.NewGuid().ToString("N");
        await world.Request(pending).SubmitAsync(world.SecondRequester, new NewAccessRequest(TenantWorld.AccountId, now.AddMinutes(10), now.AddHours(1), "patching"));
        var index = fixture.Grains.GetGrain<IRequestIndexGrain>(world.TenantId);
        var before = await DescribeAsync(index, world.Admin);
        Assert.Equal(2, before.Count);

        await DeleteRowsAsync(world.TenantId);
        Assert.Empty(await DescribeAsync(index, world.Admin));
        var rebuilt = await fixture.Grains.GetGrain<IInventoryRebuildGrain>(world.TenantId).RebuildAsync(world.Admin);

        Assert.Equal(2, rebuilt.Requests);
        Assert.Equal(before, await DescribeAsync(index, world.Admin));
        Assert.Equal([approved], (await index.HeldUnderAsync(world.Admin, "requester")).Select(h => h.RequestId));
        Assert.Equal([pending], (await index.OpenOfAsync(world.Admin, "requester2")).AsEnumerable());
    }

    [Fact]
    public async Task The_audit_purge_takes_closed_requests_older_than_the_retention_and_keeps_the_rest()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var longAgo = Start.AddDays(-4000);
        var store = Store();
        var old = new[]
        {
            Summary(1, AccessRequestStatus.Expired) with { CreatedAt = longAgo, From = longAgo, Until = longAgo.AddHours(1) },
            Summary(2, AccessRequestStatus.Rejected) with { CreatedAt = longAgo, From = longAgo, Until = longAgo.AddHours(1) },
            Summary(3, AccessRequestStatus.Revoked) with { CreatedAt = longAgo.AddDays(1), From = longAgo, Until = longAgo.AddHours(1) },
        };
        var kept = new[]
        {
            // Still waiting for a decision, however old.
            Summary(4, AccessRequestStatus.Pending) with { CreatedAt = longAgo, From = longAgo, Until = longAgo.AddHours(1) },
            // Its report waits for approval.
            Summary(5, AccessRequestStatus.Expired) with { CreatedAt = longAgo, From = longAgo, Until = longAgo.AddHours(1), ReportAwaitingApproval = true },
            // Asked long ago, its window ended within the retention.
            Summary(6, AccessRequestStatus.Expired) with { CreatedAt = longAgo, From = longAgo, Until = Start },
            Summary(7, AccessRequestStatus.Rejected),
        };
        foreach (var summary in old.Concat(kept))
        {
            await store.PutAsync(world.TenantId, summary);
        }

        await fixture.Grains.GetGrain<IAuditLogGrain>(world.TenantId).PurgeExpiredAsync();

        var index = fixture.Grains.GetGrain<IRequestIndexGrain>(world.TenantId);
        Assert.Equal(Newest(kept), await ListAllAsync(index, world.Admin, null, mine: false, toApprove: false, 3));
        Assert.Equal(["r00005", "r00006"], await ListAllAsync(index, world.Admin, AccessRequestStatus.Expired, mine: false, toApprove: false, 3));
        Assert.Empty(await index.FindAsync(world.Admin, ["r00001", "r00002", "r00003"]));
        Assert.Equal(kept.Sum(s => s.AwaitingApprovers is null ? 5 : 6), await CountRowsAsync(world.TenantId));
    }

    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static RequestIndexStore Store() => new(new TableServiceClient(TestEnvironment.StorageConnection));

    private static RequestSummary Summary(int i, AccessRequestStatus status) =>
        new($"r{i:D5}", Requesters[i % Requesters.Length], status, ["db"], Start.AddHours(1), Start.AddHours(2), Start.AddSeconds(i / 2), Emergency: false)
        {
            AwaitingApprovers = status == AccessRequestStatus.Pending ? Approvers : null,
            Excluded = [Requesters[i % Requesters.Length]],
            Purpose = $"maintenance {i}",
        };

    private async Task ListApproverAsync(string tenant, string username) =>
        await fixture.Grains.GetGrain<ITenantInventoryGrain>(tenant).ReportDirectoryEntryAsync(Caller.System(tenant),
            new DirectoryEntry(username, [KagiRoles.Approver], null, DirectoryEntry.DefaultLocale, [], Disabled: false));

    private static async Task PutAllAsync(string tenant, IEnumerable<RequestSummary> summaries)
    {
        var store = Store();
        foreach (var chunk in summaries.Chunk(32))
        {
            await Task.WhenAll(chunk.Select(s => store.PutAsync(tenant, s)));
        }
    }

    private static List<string> Newest(IEnumerable<RequestSummary> summaries) =>
        [.. summaries.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id)];

    /// <summary>Every page of a listing, followed to its end; fails on a page longer than asked or an empty page that says more follow.</summary>
    private static async Task<List<string>> ListAllAsync(IRequestIndexGrain index, Caller caller, AccessRequestStatus? status, bool mine, bool toApprove, int limit, string? asRequester = null)
    {
        var who = asRequester is null ? caller : new Caller(caller.TenantId, asRequester, [KagiRoles.User], caller.IpAddress);
        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var page = await index.QueryAsync(who, new RequestQuery(status, mine, toApprove, continuation, limit));
            Assert.InRange(page.Items.Length, page.Continuation is null ? 0 : 1, limit);
            seen.AddRange(page.Items.Select(s => s.Id));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return seen;
    }

    private static async Task<List<string>> DescribeAsync(IRequestIndexGrain index, Caller admin) =>
        [.. (await index.QueryAsync(admin, new RequestQuery(null, false, false, null, 50))).Items
            .Select(s => $"{s.Id} {s.Requester} {s.Status} {string.Join(",", s.AccountIds)} {s.From:O} {s.Until:O} {s.CreatedAt:O} {s.Purpose} {s.ReportStatus} "
                + $"{(s.AwaitingApprovers is { } a ? string.Join(",", a.Roles) + "/" + string.Join(",", a.Users) : "-")} {string.Join(",", s.Excluded)}")];

    private static async Task<int> CountRowsAsync(string tenant)
    {
        var table = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.RequestIndexTable);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    /// <summary>Deletes the tenant's request index rows behind Kagi's back, as a lost index.</summary>
    private static async Task DeleteRowsAsync(string tenant)
    {
        var table = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.RequestIndexTable);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), select: ["RowKey"]))
        {
            await table.DeleteEntityAsync(tenant, row.RowKey);
        }
    }
}
