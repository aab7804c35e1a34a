using System.Globalization;
using System.Security.Cryptography;
using Kagi.Tests.Infrastructure;
using Npgsql;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Several Silo processes and one Frontend on their own PostgreSQL membership database and the tests'
/// Azurite, for failover tests that kill and restart silos. Each test starts its own and disposes it.
/// </summary>
public sealed class FailoverCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly string _database = "kagi_failover_" + Guid.NewGuid().ToString("N")[..10];
    private readonly Dictionary<string, string> _environment = [];
    private readonly List<(int SiloPort, int GatewayPort)> _ports = [];
    private readonly BuiltProcess?[] _silos;
    private BuiltProcess? _frontend;

    private FailoverCluster(int silos)
    {
        _silos = new BuiltProcess?[silos];
    }

    public KagiApi Api { get; private set; } = null!;

    public string RecentOutput => string.Join(Environment.NewLine, _silos.Select((s, i) => $"--- silo {i} ---{Environment.NewLine}{s?.RecentOutput}")
        .Append($"--- frontend ---{Environment.NewLine}{_frontend?.RecentOutput}"));

    public static async Task<FailoverCluster> StartAsync(int silos)
    {
        var cluster = new FailoverCluster(silos);
        try
        {
            await cluster.InitializeAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync()
    {
        await ExecuteAsync(TestEnvironment.PostgresAdminConnection, $"CREATE DATABASE {_database}");
        var runId = Guid.NewGuid().ToString("N")[..12];
        var url = $"http://127.0.0.1:{LoopbackPorts.Unused()}";
        _environment["KAGI_CLUSTERING"] = "adonet";
        _environment["KAGI_CLUSTER_CONNECTION"] = MembershipConnection;
        _environment["KAGI_CLUSTER_ID"] = "failover-" + runId;
        _environment["KAGI_SERVICE_ID"] = "kagi-failover-" + runId;
        _environment["KAGI_STORAGE_CONNECTION"] = TestEnvironment.StorageConnection;
        _environment["KAGI_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _environment["KAGI_OPERATOR_TOKEN"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _environment["KAGI_URLS"] = url;
        TestRateLimits.Lift(_environment);
        for (var i = 0; i < _silos.Length; i++)
        {
            _ports.Add((LoopbackPorts.Unused(), LoopbackPorts.Unused()));
            _silos[i] = StartSiloProcess(i);
        }

        // The Frontend's gateways are those of the silos, whichever is up first.
        _environment["KAGI_SILO_PORT"] = _ports[0].SiloPort.ToString(CultureInfo.InvariantCulture);
        _environment["KAGI_GATEWAY_PORT"] = _ports[0].GatewayPort.ToString(CultureInfo.InvariantCulture);
        _frontend = BuiltProcess.Start("Frontend", _environment);
        // A client's usual patience (HttpClient's default): a request that waits out a failover is
        // delayed, not failed; the benchmark reports how long.
        Api = new KagiApi(new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(100) }, _environment["KAGI_OPERATOR_TOKEN"]);
        await WaitUntilAsync(async () => await Api.IsReadyAsync() && await ActiveSilosAsync() == _silos.Length, "the cluster did not become ready");
        await SettleAsync();
    }

    private string MembershipConnection => new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnection) { Database = _database }.ConnectionString;

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster; the others must notice.</summary>
    public Task KillSiloAsync(int index) => _silos[index]!.KillAsync();

    /// <summary>SIGTERM and wait: the silo leaves the cluster and hands its grains back.</summary>
    public Task StopSiloAsync(int index) => _silos[index]!.StopAsync(TimeSpan.FromSeconds(90));

    /// <summary>Starts the silo again on its ports and waits until it is active and the Frontend can know it.</summary>
    public async Task RestartSiloAsync(int index)
    {
        await _silos[index]!.DisposeAsync();
        _silos[index] = StartSiloProcess(index);
        await WaitUntilAsync(async () => await ActiveSilosAsync() == _silos.Length, $"silo {index} did not rejoin");
        await SettleAsync();
    }

    public async Task<long> ActiveSilosAsync()
    {
        await using var connection = new NpgsqlConnection(MembershipConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @id AND status = 3", connection);
        command.Parameters.AddWithValue("id", _environment["KAGI_CLUSTER_ID"]);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // What an operator's readiness check waits for: the Frontend re-reads the gateway list every 5 s.
    private static Task SettleAsync() => Task.Delay(Kagi.Frontend.Hosting.OrleansClientSetup.GatewayListRefresh + TimeSpan.FromSeconds(2));

    private BuiltProcess StartSiloProcess(int index)
    {
        var environment = new Dictionary<string, string>(_environment)
        {
            ["KAGI_SILO_PORT"] = _ports[index].SiloPort.ToString(CultureInfo.InvariantCulture),
            ["KAGI_GATEWAY_PORT"] = _ports[index].GatewayPort.ToString(CultureInfo.InvariantCulture),
        };
        return BuiltProcess.Start("Silo", environment);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline || _frontend?.HasExited == true)
            {
                throw new InvalidOperationException($"{failure}.{Environment.NewLine}{RecentOutput}");
            }

            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }

        Api?.Dispose();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(TestEnvironment.PostgresAdminConnection, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
