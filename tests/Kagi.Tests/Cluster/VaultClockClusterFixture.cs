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
public sealed class VaultClockClusterFixture() : ClusterFixture<VaultClockClusterFixture.SiloConfigurator>("kagi-vclock-")
{
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Delivers the account's maintenance reminder tick now.</summary>
    public static Task TickAsync(IAddressable account) =>
        account.AsReference<IRemindable>().ReceiveReminder(Kagi.Vault.PrivilegedAccountGrain.MaintenanceReminder, default);

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        private static readonly MasterKey Key = new(RandomNumberGenerator.GetBytes(MasterKey.Length));

        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(new VaultClock(Clock));
            siloBuilder.Services.AddSingleton(TestEgress.Settings);
            siloBuilder.AddKagiStorageAndServices(TestEnvironment.StorageConnection, new StaticKeyProvider(Key));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class VaultClockClusterGroup : ICollectionFixture<VaultClockClusterFixture>
{
    public const string Name = "Kagi cluster on a fake vault clock";
}
