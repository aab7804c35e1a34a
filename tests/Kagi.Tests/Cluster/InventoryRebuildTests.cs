using System.Collections.Immutable;
using Azure.Data.Tables;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>The inventory is rebuilt from the grains exactly, and an inventory stored whole in grain state by earlier versions becomes rows.</summary>
[Collection(KagiClusterGroup.Name)]
public sealed class InventoryRebuildTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task A_deleted_inventory_is_rebuilt_from_the_grains_exactly()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var kagi = Caller.System(world.TenantId);
        var inventory = fixture.Grains.GetGrain<ITenantInventoryGrain>(world.TenantId);
        await fixture.Grains.GetGrain<IUserGrain>(GrainKeys.For(world.TenantId, "approver")).SetProfileAsync(kagi, new UserProfile("approver@example.com", "ja", ["ops"]));
        // Whole seconds: table storage keeps times to less than the clock's ticks.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await inventory.SetDelegationAsync(world.Admin, "approver", new Delegation("admin", now, now.AddDays(1)));
        var request = await world.ApprovedRequestAsync(now.AddMinutes(-1), now.AddHours(1));
        await world.Account.CheckOutAsync(world.Requester, request);
        var before = await SnapshotAsync(inventory, kagi);
        Assert.Equal(["db-owner"], (await InventoryTableTests.AllAccountsAsync(inventory, kagi, new AccountQuery { CheckedOut = true })).Select(a => a.Id));

        await DeleteIndexRowsAsync(world.TenantId);
        Assert.Empty((await inventory.ListAccountsAsync(kagi, AccountQuery.All, null, 10)).Accounts);
        await Assert.ThrowsAsync<KagiException>(() => fixture.Grains.GetGrain<IInventoryRebuildGrain>(world.TenantId).RebuildAsync(world.Requester));

        var rebuilt = await fixture.Grains.GetGrain<IInventoryRebuildGrain>(world.TenantId).RebuildAsync(world.Admin);

        Assert.Equal(new InventoryRebuild(Accounts: 1, Users: 3, Targets: 1) { Requests = 1 }, rebuilt);
        Assert.Equal(before, await SnapshotAsync(inventory, kagi));
    }

    [Fact]
    public async Task An_inventory_stored_in_the_old_shape_becomes_rows_on_first_activation_and_the_old_state_is_emptied()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var kagi = Caller.System(tenant);
        var inventory = fixture.Grains.GetGrain<ITenantInventoryGrain>(tenant);
        var from = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var old = new TenantInventoryState
        {
            Accounts = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("app", "idle"), new("db", "out-of-sync")]),
            Locations = ImmutableDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, AccountLocation>("app", new("pg", "app_role")), new("db", new("pg", "db_role"))]),
            Users = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [new KeyValuePair<string, ImmutableArray<string>>("alice", [KagiRoles.Admin]), new("bob", [KagiRoles.Approver])]),
            Directory = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [new KeyValuePair<string, DirectoryEntry>("alice", new("alice", [KagiRoles.Admin], "alice@example.com", "ja", ["ops"], Disabled: false))]),
            Delegations = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [new KeyValuePair<string, Delegation>("alice", new("bob", from, from.AddDays(2)))]),
            Targets = ImmutableSortedSet.Create(StringComparer.Ordinal, "pg"),
        };
        await PersistedState.WriteAsync(fixture.Cluster, inventory, "inventory", old);

        var accounts = await InventoryTableTests.AllAccountsAsync(inventory, kagi, AccountQuery.All);

        Assert.Equal([new AccountSummary("app", "idle") { TargetId = "pg", Username = "app_role" }, new AccountSummary("db", "out-of-sync") { TargetId = "pg", Username = "db_role" }], accounts);
        Assert.Equal(
            ["alice [admin] [ops] alice@example.com ja False " + new Delegation("bob", from, from.AddDays(2)), "bob [approver] []  en False "],
            (await inventory.GetDirectoryAsync(kagi)).Select(InventoryTableTests.Describe));
        Assert.Equal(["alice"], (await InventoryTableTests.AllUsersAsync(inventory, kagi, new UserQuery { Group = "ops" })).Select(u => u.Username));
        Assert.Equal(["pg"], (await inventory.ListTargetsAsync(kagi)).AsEnumerable());
        Assert.Equal(["bob"], (await inventory.ListUsersInRoleAsync(kagi, KagiRoles.Approver)).AsEnumerable());

        var stored = await PersistedState.ReadAsync<TenantInventoryState>(fixture.Cluster, inventory, "inventory");
        Assert.True(stored.Accounts.IsEmpty && stored.Locations.IsEmpty && stored.Users.IsEmpty && stored.Directory.IsEmpty
            && stored.Delegations.IsEmpty && stored.Targets.IsEmpty);
    }

    private static async Task<string> SnapshotAsync(ITenantInventoryGrain inventory, Caller kagi)
    {
        var accounts = await InventoryTableTests.AllAccountsAsync(inventory, kagi, AccountQuery.All);
        var users = await InventoryTableTests.AllUsersAsync(inventory, kagi, new UserQuery());
        var grouped = await InventoryTableTests.AllUsersAsync(inventory, kagi, new UserQuery { Group = "ops" });
        var directory = await inventory.GetDirectoryAsync(kagi);
        var onTarget = await inventory.ListAccountsOnTargetAsync(kagi, "pg");
        return string.Join("\n", [
            .. accounts.Select(a => a.ToString()),
            .. users.Select(InventoryTableTests.Describe),
            "ops: " + string.Join(",", grouped.Select(u => u.Username)),
            .. directory.Select(InventoryTableTests.Describe),
            "targets: " + string.Join(",", await inventory.ListTargetsAsync(kagi)),
            "on pg: " + string.Join(",", onTarget.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))]);
    }

    /// <summary>Deletes the tenant's account, user and target rows behind Kagi's back, as a lost index.</summary>
    private static async Task DeleteIndexRowsAsync(string tenantId)
    {
        var table = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.InventoryTable);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}")))
        {
            if (!row.RowKey.StartsWith("d|", StringComparison.Ordinal))
            {
                await table.DeleteEntityAsync(tenantId, row.RowKey);
            }
        }
    }
}
