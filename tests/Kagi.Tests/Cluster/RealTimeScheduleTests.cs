using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Schedules and heartbeats firing for real through Orleans reminders at their one-minute minimum.
/// A cluster of their own, so their minute of waiting overlaps the other collections.
/// </summary>
[Collection(Name)]
public sealed class RealTimeScheduleTests(KagiClusterFixture fixture)
{
    public const string Name = "Kagi cluster (real-time reminders)";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_one_minute_schedule_rotates_and_a_heartbeat_catches_a_password_changed_behind_kagis_back()
    {
        var scheduled = await TenantWorld.CreateAsync(fixture.Grains);
        await scheduled.SetPolicyAsync(new AccountPolicy { Rotation = new RotationScheduleSpec(TimeSpan.FromMinutes(1), null, null) });
        var watched = await TenantWorld.CreateAsync(fixture.Grains);
        await watched.SetPolicyAsync(new AccountPolicy { Heartbeat = TimeSpan.FromMinutes(1) });
        var changedBehindOurBack = PostgresRoles.NewPassword();
        await PostgresRoles.SetPasswordAsync(watched.Role, changedBehindOurBack);

        await Task.WhenAll(
            Eventually.Async(() => scheduled.Account.GetRotationHistoryAsync(scheduled.Admin),
                history => history.Any(h => h is { Trigger: "schedule", Outcome: "completed" }), Patience),
            Eventually.Async(() => watched.Account.GetRotationHistoryAsync(watched.Admin),
                history => history.Any(h => h is { Trigger: "reconcile", Outcome: "completed" }), Patience));

        // The schedule replaced the initial password, and the schedule goes on from the rotation.
        Assert.False(await PostgresRoles.CanLogInAsync(scheduled.Role, scheduled.InitialPassword));
        var info = await scheduled.Account.GetAsync(scheduled.Admin);
        Assert.True(info.NextRotationAt > info.LastRotatedAt);
        Assert.True(await PostgresRoles.CanLogInAsync(scheduled.Role, (await scheduled.CheckOutAsync()).Password!));

        // Drift was found, named in the history, and the reconcile credential reset the password.
        var history = await watched.Account.GetRotationHistoryAsync(watched.Admin);
        Assert.Contains(history, h => h is { Trigger: "heartbeat", Outcome: "out-of-sync" });
        Assert.False(await PostgresRoles.CanLogInAsync(watched.Role, changedBehindOurBack));
        Assert.True(await PostgresRoles.CanLogInAsync(watched.Role, (await watched.CheckOutAsync()).Password!));
        Assert.NotNull((await watched.Account.GetAsync(watched.Admin)).LastHeartbeatAt);
    }
}

// Mostly waiting for reminders; without a cost it started last and ran alone for the run's final two minutes.
[CollectionDefinition(RealTimeScheduleTests.Name)]
[CollectionCost(140)]
public sealed class RealTimeScheduleGroup : ICollectionFixture<KagiClusterFixture>;
