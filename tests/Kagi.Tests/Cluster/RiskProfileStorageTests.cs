using Kagi.Domain.Identity;
using Kagi.Identity;
using Kagi.Security;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// The risk profile is kept in the user's state, so a sign-in writes one row for both (issue 15, P2); a profile an
/// earlier version stored in a grain of its own is taken over once and its row removed.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class RiskProfileStorageTests(KagiClusterFixture fixture)
{
    private const string Ip = "192.0.2.10";

    [Fact]
    public async Task A_profile_stored_by_an_earlier_version_scores_the_next_sign_in_then_moves_into_the_users_state()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var earlierGrain = fixture.Grains.GetGrain<IRiskProfileGrain>(GrainKeys.For(world.TenantId, "bob"));
        var earlier = new RiskProfile
        {
            Subnets = [RiskScorer.Subnet(Ip)!], UserAgents = [RiskScorer.UserAgentHash("tests")!], SignIns = 3, LastSignInAt = DateTimeOffset.UtcNow.AddDays(-1),
        };
        await PersistedState.WriteAsync(fixture.Cluster, earlierGrain, "risk", earlier);
        // The user as an earlier version stored it: no profile in its state.
        using var hasher = new PasswordHasher();
        var now = DateTimeOffset.UtcNow;
        await PersistedState.WriteAsync(fixture.Cluster, world.User("bob"), "user", new UserState
        {
            Exists = true, PasswordHash = hasher.Hash(SignInWorld.Password), Roles = [KagiRoles.User], CreatedAt = now, PasswordChangedAt = now,
        });

        var result = await world.SignInAsync("bob", SignInWorld.Password, Ip);

        // Known subnet and agent: only the device is new (a fresh profile would name no signal at all).
        Assert.NotNull(result.Session);
        Assert.Equal("new-device:+20", Assert.Single(result.RiskSignals));
        var stored = await PersistedState.ReadAsync<UserState>(fixture.Cluster, world.User("bob"), "user");
        Assert.Equal(4, stored.Risk?.SignIns);
        Assert.Equal(RiskScorer.Subnet(Ip), Assert.Single(stored.Risk!.Subnets));
        var left = await PersistedState.ReadAsync<RiskProfile>(fixture.Cluster, earlierGrain, "risk");
        Assert.Equal(0, left.SignIns);
        Assert.Empty(left.Subnets);
    }

    [Fact]
    public async Task A_new_users_sign_ins_and_failures_are_learnt_in_the_users_state_alone()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("carol", KagiRoles.User);

        Assert.NotNull((await world.SignInAsync("carol", SignInWorld.Password, Ip)).Session);
        Assert.Null((await world.SignInAsync("carol", "Not-The-Password-123", Ip)).Session);
        Assert.NotNull((await world.SignInAsync("carol", SignInWorld.Password, Ip)).Session);

        var stored = await PersistedState.ReadAsync<UserState>(fixture.Cluster, world.User("carol"), "user");
        Assert.Equal(2, stored.Risk?.SignIns);
        Assert.Single(stored.Risk!.Failures);
        Assert.Equal(RiskScorer.Subnet(Ip), Assert.Single(stored.Risk.Subnets));
        var earlierGrain = fixture.Grains.GetGrain<IRiskProfileGrain>(GrainKeys.For(world.TenantId, "carol"));
        Assert.Equal(0, (await PersistedState.ReadAsync<RiskProfile>(fixture.Cluster, earlierGrain, "risk")).SignIns);
    }
}
