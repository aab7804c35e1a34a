using System.Security.Cryptography;
using Kagi.Hosting;
using Kagi.Notifications;
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
/// A test cluster whose audit log and notification outbox run on a fake clock (<see cref="Clock"/>),
/// for retention, retries and scheduled reports (mailed to a real SMTP sink, <see cref="Mail"/>), and
/// whose access requests run on a clock tests move forward (<see cref="RequestTime"/>). Orleans'
/// own timers keep the real clock. The silo runs in the test process, so it shares the clock object.
/// </summary>
public sealed class FakeClockClusterFixture() : ClusterFixture<FakeClockClusterFixture.SiloConfigurator>("kagi-clock-")
{
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The clock of access requests (expiry, window end, escalation, report reminders): real time plus what a test adds.</summary>
    public static ShiftedClock RequestTime { get; } = new();

    /// <summary>Where the silo mails scheduled reports.</summary>
    public static SmtpSink Mail { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Mail = await SmtpSink.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(new AuditClock(Clock));
            siloBuilder.Services.AddSingleton(TestEgress.Settings);
            siloBuilder.Services.AddSingleton(new RequestClock(RequestTime));
            siloBuilder.Services.AddSingleton(new MailSettings("127.0.0.1", Mail.Port, "none", "kagi@kagi.test"));
            siloBuilder.Services.AddSingleton(new Kagi.Domain.Notifications.PlaintextRelays(["127.0.0.1"]));
            // Small batches, so a test with a few hundred deliveries reads the queue and removes aged-out rows in many passes.
            siloBuilder.Services.AddSingleton(new OutboxLimits(DueBatch: 7, PruneBatch: 5));
            siloBuilder.AddKagiStorageAndServices(TestEnvironment.StorageConnection, new StaticKeyProvider(new MasterKey(RandomNumberGenerator.GetBytes(MasterKey.Length))));
        }
    }
}

[CollectionDefinition(Name)]
[CollectionCost(111)]
public sealed class FakeClockClusterGroup : ICollectionFixture<FakeClockClusterFixture>
{
    public const string Name = "Kagi cluster on a fake audit clock";
}
