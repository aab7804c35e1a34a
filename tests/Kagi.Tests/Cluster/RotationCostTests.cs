using Azure;
using Azure.Data.Tables;
using Kagi.Domain.Inventory;
using Kagi.Hosting;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>What a rotation costs besides the target (issue 15, P3): writes that change nothing are skipped, and the
/// logins of one target's accounts run side by side up to the target's connection limit instead of one at a time.</summary>
[Collection(KagiClusterGroup.Name)]
public sealed class RotationCostTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task A_reminder_already_aimed_at_the_same_time_is_not_written_again()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var policy = new AccountPolicy { Heartbeat = TimeSpan.FromHours(1) };
        await world.SetPolicyAsync(policy);
        var aimed = ReminderETag(world.TenantId);

        // The same policy again, and a reminder tick with nothing due: the next due time is the same heartbeat.
        await world.SetPolicyAsync(policy);
        await world.Account.AsReference<IRemindable>().ReceiveReminder(PrivilegedAccountGrain.MaintenanceReminder, default);
        Assert.Equal(aimed, ReminderETag(world.TenantId));

        await world.SetPolicyAsync(policy with { Heartbeat = TimeSpan.FromHours(2) });
        Assert.NotEqual(aimed, ReminderETag(world.TenantId));
    }

    [Fact]
    public async Task A_rotation_that_ends_as_it_began_leaves_the_inventory_row_unwritten()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var row = InventoryRowETag(world.TenantId);

        var rotated = await world.Account.RotateAsync(world.Admin);

        Assert.Equal("completed", rotated.Status);
        Assert.Equal(row, InventoryRowETag(world.TenantId));
        var listed = await fixture.Grains.GetGrain<ITenantInventoryGrain>(world.TenantId).ListAccountsAsync(world.Admin, new AccountQuery(), null, 10);
        Assert.Equal((TenantWorld.AccountId, "idle"), (Assert.Single(listed.Accounts).Id, listed.Accounts[0].Status));
    }

    [Fact]
    public async Task A_targets_logins_run_side_by_side_up_to_its_connection_limit()
    {
        await using var proxy = new FlakyTcpProxy(PostgresRoles.Host, PostgresRoles.Port);
        var world = await TenantWorld.CreateAsync(fixture.Grains, proxy.Port);
        var target = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, "pg"));

        // The server is slow to answer: every login waits at the proxy until it is released.
        proxy.Hold();
        var logins = Enumerable.Range(0, TargetGrain.MaximumConnections + 2)
            .Select(_ => target.VerifyLoginAsync(Caller.System(world.TenantId), world.Role, world.InitialPassword)).ToList();
        await Eventually.Async(() => Task.FromResult(proxy.Held), held => held == TargetGrain.MaximumConnections, TimeSpan.FromSeconds(4));
        var info = await target.GetAsync(world.Admin);
        proxy.Release();

        Assert.All(await Task.WhenAll(logins), Assert.True);
        Assert.Equal("pg", info?.Id);
        Assert.Equal(TargetGrain.MaximumConnections, proxy.MostHeldAtOnce);
    }

    private static ETag ReminderETag(string tenantId)
    {
        var reminders = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(Kagi.Silo.KagiSiloBuilder.RemindersTable);
        return Assert.Single(reminders.Query<TableEntity>(), r => Strings(r).Any(v => v.Contains(tenantId, StringComparison.Ordinal))
            && Strings(r).Contains(PrivilegedAccountGrain.MaintenanceReminder)).ETag;
    }

    private static IEnumerable<string> Strings(TableEntity row) => ((IDictionary<string, object>)row).Values.OfType<string>();

    private static ETag InventoryRowETag(string tenantId) =>
        new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.InventoryTable)
            .GetEntity<TableEntity>(tenantId, InventoryKeys.Accounts + TenantWorld.AccountId).Value.ETag;
}
