using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Kagi.Silo.Clustering;
using Kagi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;
using Xunit;

namespace Kagi.Tests.Clustering;

/// <summary>Real silos and membership probes are timing-sensitive: run these on their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresMembershipTestGroup
{
    public const string Name = "PostgreSQL membership";
}

[Collection(PostgresMembershipTestGroup.Name)]
public sealed class PostgresMembershipSchemaTests
{
    private const string Npgsql = "Npgsql";

    /// <summary>Everything Orleans.Clustering.AdoNet 10.4 may read from OrleansQuery (the last one is optional for it).</summary>
    private static readonly string[] ExpectedQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey",
        "CleanupDefunctSiloEntryKey",
        "DeleteMembershipTableEntriesKey",
        "GatewaysQueryKey",
        "InsertMembershipKey",
        "InsertMembershipVersionKey",
        "MembershipReadAllKey",
        "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey",
        "UpdateMembershipKey",
    ];

    [Fact]
    public async Task Applying_the_migration_twice_installs_every_query_the_provider_requires()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var database = await ScratchDatabase.CreateAsync(timeout.Token);

        await PostgresMembershipSchema.ApplyAsync(database.ConnectionString, timeout.Token);
        var installed = await database.ReadQueriesAsync(timeout.Token);

        // Damage the installed queries: the second run must put them back.
        await database.ExecuteAsync(
            "UPDATE OrleansQuery SET QueryText = 'broken' WHERE QueryKey = 'GatewaysQueryKey'; " +
            "DELETE FROM OrleansQuery WHERE QueryKey = 'MembershipReadAllKey';",
            timeout.Token);
        await PostgresMembershipSchema.ApplyAsync(database.ConnectionString, timeout.Token);
        var repaired = await database.ReadQueriesAsync(timeout.Token);

        Assert.Equal(installed, repaired);
        Assert.Equal(ExpectedQueryKeys, repaired.Keys.Order(StringComparer.Ordinal));
        Assert.Subset(repaired.Keys.ToHashSet(), RequiredByTheInstalledProvider());
        Assert.All(repaired.Values, text => Assert.False(string.IsNullOrWhiteSpace(text)));
    }

    [Fact]
    public async Task Two_silos_applying_the_migration_at_once_both_succeed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var database = await ScratchDatabase.CreateAsync(timeout.Token);

        await Task.WhenAll(
            Task.Run(() => PostgresMembershipSchema.ApplyAsync(database.ConnectionString, timeout.Token)),
            Task.Run(() => PostgresMembershipSchema.ApplyAsync(database.ConnectionString, timeout.Token)));

        Assert.Equal(ExpectedQueryKeys, (await database.ReadQueriesAsync(timeout.Token)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_provider_writes_membership_rows_only_at_the_table_version_it_read()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var database = await ScratchDatabase.CreateAsync(ct);
        await PostgresMembershipSchema.ApplyAsync(database.ConnectionString, ct);
        await using var services = new ServiceCollection().BuildServiceProvider();
        var cluster = Options.Create(new ClusterOptions { ClusterId = "contract", ServiceId = "kagi-tests" });
        var table = new AdoNetClusteringTable(
            services,
            cluster,
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = Npgsql, ConnectionString = database.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        var now = WholeMilliseconds(DateTime.UtcNow);

        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, ct);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, ct);
        var empty = await table.ReadAllAsync(ct);
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        // Insert: succeeds at the version read, fails on a stale version or an existing row, and a failure bumps nothing.
        var active = Entry(11111, SiloStatus.Active, now);
        Assert.True(await table.InsertRowAsync(active, empty.Version.Next(), ct));
        Assert.False(await table.InsertRowAsync(Entry(22222, SiloStatus.Joining, now), empty.Version.Next(), ct));
        var afterInsert = await table.ReadAllAsync(ct);
        Assert.Equal(1, afterInsert.Version.Version);
        Assert.False(await table.InsertRowAsync(active, afterInsert.Version.Next(), ct));
        Assert.Equal(1, (await table.ReadAllAsync(ct)).Version.Version);

        // Read row: every column the provider maps comes back.
        var row = await table.ReadRowAsync(active.SiloAddress, ct);
        var (stored, etag) = Assert.Single(row.Members);
        Assert.Equal(active.SiloAddress, stored.SiloAddress);
        Assert.Equal((active.SiloName, active.HostName, active.Status, active.ProxyPort), (stored.SiloName, stored.HostName, stored.Status, stored.ProxyPort));
        Assert.Equal((active.StartTime, active.IAmAliveTime), (stored.StartTime, stored.IAmAliveTime));
        Assert.Null(stored.SuspectTimes);

        // Update: fails on a stale version, succeeds at the current one, and never bumps for a missing row.
        var suspecter = SiloAddress.New(IPAddress.Loopback, 55555, 7);
        stored.SuspectTimes = [Tuple.Create(suspecter, now)];
        Assert.False(await table.UpdateRowAsync(stored, empty.Version.VersionEtag, empty.Version.Next(), ct));
        Assert.True(await table.UpdateRowAsync(stored, etag, row.Version.Next(), ct));
        var afterUpdate = await table.ReadAllAsync(ct);
        Assert.Equal(2, afterUpdate.Version.Version);
        var vote = Assert.Single(Assert.Single(afterUpdate.Members).Item1.SuspectTimes!);
        Assert.Equal((suspecter, now), (vote.Item1, vote.Item2));
        Assert.False(await table.UpdateRowAsync(Entry(33333, SiloStatus.Active, now), afterUpdate.Version.VersionEtag, afterUpdate.Version.Next(), ct));
        Assert.Equal(2, (await table.ReadAllAsync(ct)).Version.Version);

        // Heartbeat moves IAmAliveTime forward only.
        stored.IAmAliveTime = now.AddSeconds(5);
        await table.UpdateIAmAliveAsync(stored, ct);
        stored.IAmAliveTime = now.AddSeconds(1);
        await table.UpdateIAmAliveAsync(stored, ct);
        Assert.Equal(now.AddSeconds(5), Assert.Single((await table.ReadRowAsync(active.SiloAddress, ct)).Members).Item1.IAmAliveTime);

        // Gateways: only Active silos with a proxy port.
        var joining = Entry(44444, SiloStatus.Joining, now);
        var version = (await table.ReadAllAsync(ct)).Version;
        Assert.True(await table.InsertRowAsync(joining, version.Next(), ct));
        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            services,
            Options.Create(new AdoNetClusteringClientOptions { Invariant = Npgsql, ConnectionString = database.ConnectionString }),
            Options.Create(new GatewayOptions()),
            cluster);
        await gateways.InitializeGatewayListProviderAsync(ct);
        var gateway = Assert.Single(await gateways.GetGatewaysAsync(ct));
        Assert.Equal(SiloAddress.New(IPAddress.Loopback, active.ProxyPort, active.SiloAddress.Generation).ToGatewayUri(), gateway);

        // Cleanup removes Dead silos that went quiet before the cut-off, and nothing else.
        var dead = Entry(16666, SiloStatus.Dead, now.AddHours(-2));
        version = (await table.ReadAllAsync(ct)).Version;
        Assert.True(await table.InsertRowAsync(dead, version.Next(), ct));
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1), ct);
        var remaining = (await table.ReadAllAsync(ct)).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([11111, 44444], remaining);

        // Delete forgets the whole cluster, version row included.
        await table.DeleteMembershipTableEntriesAsync("contract", ct);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM OrleansMembershipVersionTable", ct));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM OrleansMembershipTable", ct));
    }

    [Fact]
    public async Task Silo_and_client_find_each_other_through_the_postgres_membership_table()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var database = await ScratchDatabase.CreateAsync(ct);
        await PostgresMembershipSchema.ApplyAsync(database.ConnectionString, ct);
        var clusterId = "kagi-" + Guid.NewGuid().ToString("N")[..8];

        var hosts = new List<IHost>();
        try
        {
            hosts.Add(await StartSiloAsync(database.ConnectionString, clusterId, "silo-a", ct));
            hosts.Add(await StartSiloAsync(database.ConnectionString, clusterId, "silo-b", ct));
            var siloAddresses = hosts.Select(h => h.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress).ToList();

            var clientHost = new HostBuilder() // not CreateDefaultBuilder: no appsettings.json or environment variables leak in
                .ConfigureLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning))
                .UseOrleansClient(client => client
                    .UseAdoNetClustering(o =>
                    {
                        o.Invariant = Npgsql;
                        o.ConnectionString = database.ConnectionString;
                    })
                    .Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = clusterId;
                        o.ServiceId = "kagi-tests";
                    }))
                .Build();
            hosts.Insert(0, clientHost); // stopped first
            await clientHost.StartAsync(ct);
            var grains = clientHost.Services.GetRequiredService<IClusterClient>();

            Assert.StartsWith("pong:", await grains.GetGrain<IClusteringProbeGrain>(1).Ping(), StringComparison.Ordinal);

            var members = await database.ReadMembersAsync(clusterId, ct);
            foreach (var silo in siloAddresses)
            {
                var member = Assert.Single(members, m => m.Port == silo.Endpoint.Port && m.Generation == silo.Generation);
                Assert.Equal((int)SiloStatus.Active, member.Status);
            }

            // The cluster itself (the silo answering the management grain) sees both silos Active.
            var management = grains.GetGrain<IManagementGrain>(0);
            var active = await management.GetHosts(onlyActive: true);
            while (active.Count < 2 && !ct.IsCancellationRequested)
            {
                await Task.Delay(200, ct);
                active = await management.GetHosts(onlyActive: true);
            }

            Assert.Equal(siloAddresses.Order(), active.Keys.Order());
        }
        finally
        {
            // Stop client and silos before the database goes away: a silo losing PostgreSQL hangs on shutdown.
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }
    }

    private static async Task<IHost> StartSiloAsync(string connectionString, string clusterId, string siloName, CancellationToken ct)
    {
        var (siloPort, gatewayPort) = (LoopbackPorts.Unused(), LoopbackPorts.Unused());
        var host = new HostBuilder() // not CreateDefaultBuilder: no appsettings.json or environment variables leak in
            .ConfigureLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo => silo
                .UseAdoNetClustering(o =>
                {
                    o.Invariant = Npgsql;
                    o.ConnectionString = connectionString;
                })
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = "kagi-tests";
                })
                .Configure<SiloOptions>(o => o.SiloName = siloName)
                .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort))
            .Build();
        try
        {
            await host.StartAsync(ct);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }


    /// <summary>The keys the installed provider refuses to start without (it checks DbStoredQueries' properties).</summary>
    private static HashSet<string> RequiredByTheInstalledProvider() =>
        typeof(AdoNetClusteringTable).Assembly
            .GetType("Orleans.Clustering.AdoNet.Storage.DbStoredQueries", throwOnError: true)!
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime time) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 1),
        SiloName = "silo-" + port.ToString(CultureInfo.InvariantCulture),
        HostName = "host-" + port.ToString(CultureInfo.InvariantCulture),
        Status = status,
        ProxyPort = port + 1,
        StartTime = time,
        IAmAliveTime = time,
    };

    private static DateTime WholeMilliseconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}

/// <summary>A throw-away PostgreSQL database, dropped on dispose.</summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;
    private readonly string name;

    private ScratchDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        this.name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync(CancellationToken ct)
    {
        var admin = TestEnvironment.PostgresAdminConnection;
        var database = new ScratchDatabase(admin, "kagi_membership_" + Guid.NewGuid().ToString("N"));
        await RunAsync(admin, "CREATE DATABASE " + database.name, ct);
        return database;
    }

    public Task ExecuteAsync(string sql, CancellationToken ct) => RunAsync(ConnectionString, sql, ct);

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<SortedDictionary<string, string>> ReadQueriesAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var queries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            queries.Add(reader.GetString(0), reader.GetString(1));
        }

        return queries;
    }

    public async Task<List<(int Port, int Generation, int Status)>> ReadMembersAsync(string clusterId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT Port, Generation, Status FROM OrleansMembershipTable WHERE DeploymentId = @clusterId", connection);
        command.Parameters.AddWithValue("clusterId", clusterId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var members = new List<(int, int, int)>();
        while (await reader.ReadAsync(ct))
        {
            members.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return members;
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await RunAsync(adminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", CancellationToken.None);
    }

    private static async Task RunAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

public interface IClusteringProbeGrain : IGrainWithIntegerKey
{
    Task<string> Ping();
}

public sealed class ClusteringProbeGrain : Grain, IClusteringProbeGrain
{
    public Task<string> Ping() => Task.FromResult("pong:" + RuntimeIdentity);
}
