using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>Many accounts of one target falling due together are rotated one turn apart, as the target's
/// rate limit says; the turns are read from the rotation history, stamped by the fake vault clock.</summary>
[Collection(VaultClockClusterGroup.Name)]
public sealed class TargetPacingTests(VaultClockClusterFixture fixture)
{
    private const int Accounts = 4;

    [Fact]
    public async Task A_burst_of_due_rotations_on_one_target_is_paced_by_its_rate_limit_and_every_password_still_works()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var (admin, adminPassword) = await PostgresRoles.CreateAsync("kagi_admin", "CREATEROLE");
        var target = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, "paced"));
        var info = await target.RegisterAsync(world.Admin, new TargetRegistration("postgres", PostgresRoles.Host, PostgresRoles.Port, "postgres", admin, adminPassword)
        {
            RateLimit = new TargetRateLimit { PerMinute = 2, Burst = 1 },
        });
        Assert.Equal(2, info.RateLimit.PerMinute);
        var accounts = new List<(IPrivilegedAccountGrain Grain, string Role)>();
        for (var i = 0; i < Accounts; i++)
        {
            var (role, password) = await PostgresRoles.CreateAsync("kagi_paced");
            var account = fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, $"paced-{i}"));
            await account.RegisterAsync(world.Admin, new AccountRegistration("paced", role, password));
            await account.SetPolicyAsync(world.Admin, new AccountPolicy { Rotation = new RotationScheduleSpec(TimeSpan.FromHours(1), null, null) });
            accounts.Add((account, role));
        }

        // Every schedule is past due at once; the reminders all fire together.
        VaultClockClusterFixture.Clock.Advance(TimeSpan.FromHours(2));
        var start = VaultClockClusterFixture.Clock.GetUtcNow();
        await Task.WhenAll(accounts.Select(a => VaultClockClusterFixture.TickAsync(a.Grain)));

        var waiting = await Task.WhenAll(accounts.Select(a => a.Grain.GetAsync(world.Admin)));
        Assert.Equal(1, waiting.Count(a => a.LastRotatedAt == start));
        Assert.Equal(["pending", "pending", "pending"], waiting.Where(a => a.LastRotatedAt is null).Select(a => a.RotationStatus));

        // Each later turn lets exactly one more through.
        for (var turn = 1; turn < Accounts; turn++)
        {
            VaultClockClusterFixture.Clock.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAll(accounts.Select(a => VaultClockClusterFixture.TickAsync(a.Grain)));
            var rotated = await Task.WhenAll(accounts.Select(a => a.Grain.GetAsync(world.Admin)));
            Assert.Equal(turn + 1, rotated.Count(a => a.LastRotatedAt is not null));
        }

        var histories = await Task.WhenAll(accounts.Select(a => a.Grain.GetRotationHistoryAsync(world.Admin)));
        var completed = histories.Select(h => Assert.Single(h, e => e.Outcome == "completed")).Select(e => e.At).Order().ToList();
        Assert.Equal([0, 30, 60, 90], completed.Select(at => (int)(at - start).TotalSeconds));
        Assert.All(histories, h => Assert.DoesNotContain(h, e => e.Outcome == "failed"));
        for (var i = 0; i < Accounts; i++)
        {
            var now = VaultClockClusterFixture.Clock.GetUtcNow();
            var requestId = Guid.NewGuid().ToString("N");
            await world.Request(requestId).SubmitAsync(world.Requester, new Requests.NewAccessRequest($"paced-{i}", now.AddMinutes(-1), now.AddHours(1), "check"));
            await world.Request(requestId).ApproveAsync(world.Approver, null);
            var grant = await accounts[i].Grain.CheckOutAsync(world.Requester, requestId);
            Assert.True(await PostgresRoles.CanLogInAsync(accounts[i].Role, grant.Password!));
        }
    }
}
