using System.Security.Cryptography;
using Kagi.Hosting;
using Kagi.Security;
using Kagi.Security.Keys;
using Kagi.Silo;
using Kagi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// A test cluster whose vault (accounts and targets) runs on a fake clock, <see cref="Clock"/>: lease
/// ends, cleanup retries and target pacing are decided by it while Orleans' own timers and reminders
/// keep real time. Tests move the clock and then deliver the account's reminder tick themselves
/// (<see cref="TickAsync"/>), exactly as the reminder service would.
/// </summary>
public sealed class VaultClockClusterFixture : IAsyncLifetime
{
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = "kagi-vclock-" + Guid.NewGuid().ToString("N")[..12];
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Delivers the account's maintenance reminder tick now.</summary>
    public static Task TickAsync(IAddressable account) =>
        account.AsReference<IRemindable>().ReceiveReminder(Kagi.Vault.PrivilegedAccountGrain.MaintenanceReminder, default);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        private static readonly MasterKey Key = new(RandomNumberGenerator.GetBytes(MasterKey.Length));

        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(new VaultClock(Clock));
            siloBuilder.AddKagiStorageAndServices(TestEnvironment.StorageConnection, new StaticKeyProvider(Key));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class VaultClockClusterGroup : ICollectionFixture<VaultClockClusterFixture>
{
    public const string Name = "Kagi cluster on a fake vault clock";
}
