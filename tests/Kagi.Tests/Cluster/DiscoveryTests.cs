using System.Collections.Immutable;
using Kagi.Domain.Discovery;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Npgsql;
using Xunit;

namespace Kagi.Tests.Cluster;

[Collection(KagiClusterGroup.Name)]
public sealed class DiscoveryTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task Discovery_finds_an_account_made_on_the_target_and_adopting_it_puts_a_working_password_in_the_vault()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var (stranger, strangerPassword) = await PostgresRoles.CreateAsync("kagi_stranger");
        var discovery = fixture.Grains.GetGrain<ITargetDiscoveryGrain>(GrainKeys.For(world.TenantId, "pg"));

        var report = await discovery.DiscoverAsync(world.Admin);

        Assert.Equal(DiscoveryComparison.Unmanaged, report.Accounts.Single(a => a.Username == stranger).Status);
        Assert.Equal(TenantWorld.AccountId, report.Accounts.Single(a => a.Username == world.Role).AccountId);
        Assert.Equal(DiscoveryComparison.Managed, report.Accounts.Single(a => a.Username == world.Role).Status);
        var last = await discovery.GetLastReportAsync(world.Admin);
        Assert.Equal(report.ScannedAt, last!.ScannedAt);
        Assert.Equal(report.Accounts, last.Accounts.ToArray());

        var adopted = Assert.Single((await AdoptedAsync(world, stranger, "stranger")).Lines);
        Assert.True(adopted.Created, adopted.Problem?.Message);
        Assert.Equal((stranger, "stranger"), (adopted.Username, adopted.AccountId));
        Assert.False(await PostgresRoles.CanLogInAsync(stranger, strangerPassword));
        var account = fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, "stranger"));
        Assert.Equal(stranger, (await account.GetAsync(world.Admin)).Username);
        var grant = await account.CheckOutAsync(world.Requester, await ApprovedRequestForAsync(world, "stranger"));
        Assert.True(await PostgresRoles.CanLogInAsync(stranger, grant.Password!));

        // Adopting it again under its id is refused for that account, whose password the vault keeps.
        var refused = Assert.Single((await AdoptedAsync(world, stranger, "stranger")).Lines);
        Assert.Equal((false, "exists"), (refused.Created, refused.Problem?.Code));
        Assert.True(await PostgresRoles.CanLogInAsync(stranger, grant.Password!));
    }

    [Fact]
    public async Task A_managed_account_dropped_on_the_target_is_reported_missing()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await using (var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP ROLE \"{world.Role}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var report = await fixture.Grains.GetGrain<ITargetDiscoveryGrain>(GrainKeys.For(world.TenantId, "pg")).DiscoverAsync(world.Admin);

        var entry = report.Accounts.Single(a => a.AccountId == TenantWorld.AccountId);
        Assert.Equal(DiscoveryComparison.Missing, entry.Status);
        Assert.Equal(world.Role, entry.Username);
    }

    /// <summary>Runs an adoption job of one account to its end.</summary>
    private async Task<AccountImportJob> AdoptedAsync(TenantWorld world, string username, string accountId)
    {
        var job = fixture.Grains.GetGrain<IAccountImportJobGrain>(GrainKeys.For(world.TenantId, Guid.NewGuid().ToString("N")));
        var queued = await job.AdoptAsync(world.Admin, "pg", ImmutableDictionary<string, string>.Empty.Add(username, accountId));
        Assert.Equal(("adoption", 1), (queued.Kind, queued.Total));
        return await Eventually.Async(() => job.GetAsync(world.Admin, 0, 10), j => j.Status is "completed" or "failed", TimeSpan.FromSeconds(90));
    }

    private static async Task<string> ApprovedRequestForAsync(TenantWorld world, string accountId)
    {
        var id = Guid.NewGuid().ToString("N");
        await world.Request(id).SubmitAsync(world.Requester, new Requests.NewAccessRequest(accountId, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), "adopted"));
        await world.Request(id).ApproveAsync(world.Approver, null);
        return id;
    }
}
