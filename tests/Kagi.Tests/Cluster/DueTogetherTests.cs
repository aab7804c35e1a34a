using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>Fifty accounts of one target due at the same moment (the small version of benchmarks/due-rotations.sh):
/// every one rotates exactly once on schedule, never faster than the target's pacing, and keeps a working password,
/// though each is ticked again at every step while it waits (a reminder firing early must neither lose nor repeat work).</summary>
[Collection(VaultClockClusterGroup.Name)]
public sealed class DueTogetherTests(VaultClockClusterFixture fixture)
{
    private const int Accounts = 50;

    // One turn every 3 s after a burst of 5; the clock moves by whole turns, so no turn is waited for in place.
    private static readonly TargetRateLimit Pacing = new() { PerMinute = 20, Burst = 5 };
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Fifty_accounts_due_together_all_rotate_once_within_the_targets_pacing_and_keep_working_passwords()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var (admin, adminPassword) = await PostgresRoles.CreateAsync("kagi_admin", "CREATEROLE");
        var target = fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, "due"));
        await target.RegisterAsync(world.Admin, new TargetRegistration("postgres", PostgresRoles.Host, PostgresRoles.Port, "postgres", admin, adminPassword) { RateLimit = Pacing });
        var accounts = new (IPrivilegedAccountGrain Grain, string Role)[Accounts];
        await Parallel.ForEachAsync(Enumerable.Range(0, Accounts), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (role, password) = await PostgresRoles.CreateAsync("kagi_due");
            var account = fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, $"due-{i}"));
            await account.RegisterAsync(world.Admin, new AccountRegistration("due", role, password));
            await account.SetPolicyAsync(world.Admin, new AccountPolicy { Rotation = new RotationScheduleSpec(TimeSpan.FromHours(1), null, null) });
            accounts[i] = (account, role);
        });

        // Every schedule is past due at once.
        VaultClockClusterFixture.Clock.Advance(TimeSpan.FromHours(2));
        var start = VaultClockClusterFixture.Clock.GetUtcNow();
        var waiting = accounts.ToList();
        for (var step = 0; waiting.Count > 0 && step < 2 * Accounts; step++)
        {
            await Task.WhenAll(waiting.Select(a => VaultClockClusterFixture.TickAsync(a.Grain)));
            var infos = await Task.WhenAll(waiting.Select(a => a.Grain.GetAsync(world.Admin)));
            waiting = [.. waiting.Where((_, i) => infos[i].LastRotatedAt is null)];
            VaultClockClusterFixture.Clock.Advance(Step);
        }

        Assert.Empty(waiting);
        var histories = await Task.WhenAll(accounts.Select(a => a.Grain.GetRotationHistoryAsync(world.Admin)));
        Assert.All(histories, h => Assert.Equal("schedule", Assert.Single(h).Trigger));
        Assert.All(histories, h => Assert.Equal("completed", h[0].Outcome));
        var completed = histories.Select(h => h[0].At).Order().ToList();
        var most = completed.Max(at => completed.Count(other => other >= at && other < at + TimeSpan.FromMinutes(1)));
        Assert.InRange(most, 1, Pacing.PerMinute + Pacing.Burst);
        // Not slower than the pacing either: the last turn is the pacing's own.
        Assert.Equal(Pacing.Burst, completed.Count(at => at == start));
        Assert.Equal(TimeSpan.FromMinutes(1) / Pacing.PerMinute * (Accounts - Pacing.Burst), completed[^1] - start);

        for (var i = 0; i < Accounts; i++)
        {
            var now = VaultClockClusterFixture.Clock.GetUtcNow();
            var requestId = Guid.NewGuid().ToString("N");
            await world.Request(requestId).SubmitAsync(world.Requester, new Requests.NewAccessRequest($"due-{i}", now.AddMinutes(-1), now.AddHours(1), "check"));
            await world.Request(requestId).ApproveAsync(world.Approver, null);
            var grant = await accounts[i].Grain.CheckOutAsync(world.Requester, requestId);
            Assert.True(await PostgresRoles.CanLogInAsync(accounts[i].Role, grant.Password!), $"due-{i}'s stored password does not log in");
        }
    }
}
