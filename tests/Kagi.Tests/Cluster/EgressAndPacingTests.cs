using Kagi.Domain.Egress;
using Kagi.Errors;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Target registration through the grains: destinations the egress policy refuses and ones that are merely not
/// there answer alike, and a tenant's login tries are paced (on the fake vault clock).
/// </summary>
[Collection(VaultClockClusterGroup.Name)]
public sealed class EgressAndPacingTests(VaultClockClusterFixture fixture)
{
    private static TargetRegistration Postgres(string host, int port) => new("postgres", host, port, "postgres", "kagi_probe", "probe-password");

    [Fact]
    public async Task Kagis_own_storage_metadata_and_a_closed_port_all_answer_the_same_unreachable_problem()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);

        var azurite = await RefusedAsync(world, "azurite", Postgres("127.0.0.1", TestEgress.AzuriteTable.Port));
        var metadata = await RefusedAsync(world, "metadata", Postgres("169.254.169.254", 80));
        var mapped = await RefusedAsync(world, "mapped", Postgres("::ffff:169.254.169.254", 80));
        var closed = await RefusedAsync(world, "closed", Postgres("127.0.0.1", LoopbackPorts.Unused()));

        Assert.All([azurite, metadata, mapped, closed], e =>
        {
            Assert.Equal(ProblemCode.TargetUnreachable, e.Code);
            Assert.Equal(TargetGrain.UnreachableDetail, e.Message);
        });
        Assert.Null(await fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, "azurite")).GetAsync(world.Admin));
    }

    [Fact]
    public async Task A_tenants_login_tries_are_paced_and_the_refusal_says_when_to_come_back()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        // The world's target registration took one try; its account's login worked, so that try was given back.
        for (var i = 0; i < VerificationPacing.Burst - 1; i++)
        {
            Assert.Equal(ProblemCode.TargetUnreachable, (await RefusedAsync(world, $"probe-{i}", Postgres("169.254.169.254", 5432))).Code);
        }

        var paced = await RefusedAsync(world, "one-too-many", Postgres("169.254.169.254", 5432));
        var pacedLogin = await Assert.ThrowsAsync<KagiException>(() => fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, "second"))
            .RegisterAsync(world.Admin, new AccountRegistration("pg", world.Role, world.InitialPassword)));

        Assert.Equal(ProblemCode.VerificationPaced, paced.Code);
        Assert.Equal(VerificationPacing.Interval, paced.RetryAfter);
        Assert.Equal(ProblemCode.VerificationPaced, pacedLogin.Code);

        // Another tenant is not held up, and Kagi's own checks are not paced.
        var other = await TenantWorld.CreateAsync(fixture.Grains);
        Assert.NotNull(await other.Account.GetAsync(other.Admin));
        Assert.True(await fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, "pg")).VerifyLoginAsync(Caller.System(world.TenantId), world.Role, world.InitialPassword));

        VaultClockClusterFixture.Clock.Advance(paced.RetryAfter!.Value);
        Assert.Equal(ProblemCode.TargetUnreachable, (await RefusedAsync(world, "after-the-wait", Postgres("169.254.169.254", 5432))).Code);
    }

    private async Task<KagiException> RefusedAsync(TenantWorld world, string id, TargetRegistration registration) =>
        await Assert.ThrowsAsync<KagiException>(() => fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, id)).RegisterAsync(world.Admin, registration));
}
