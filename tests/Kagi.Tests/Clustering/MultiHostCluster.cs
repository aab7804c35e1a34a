using System.Globalization;
using System.Security.Cryptography;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Kagi.Tests.Clustering;

/// <summary>
/// Kagi spread over "hosts": three silo processes, each advertising and listening on its own
/// loopback address (127.0.0.2, .3, .4) and all on the same ports, as on separate machines, with
/// PostgreSQL membership and mutual TLS from one cluster CA; a Frontend on a fourth (127.0.0.5)
/// that finds the gateways in the membership table. Nothing listens on 127.0.0.1.
/// </summary>
public sealed class MultiHostCluster : IAsyncLifetime
{
    public static readonly string[] SiloAddresses = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
    public const string FrontendAddress = "127.0.0.5";

    // Generous: on a loaded two-core machine three silos take minutes to start; the wait ends as soon as they are up.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _database = "kagi_multihost_" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<BuiltProcess> _silos = [];
    private BuiltProcess? _frontend;
    private bool _databaseCreated;

    public ClusterPki Pki { get; } = new("Kagi multi-host test cluster CA");

    public Dictionary<string, string> Environment { get; } = [];

    public int SiloPort { get; } = LoopbackPorts.Unused();

    public int GatewayPort { get; } = LoopbackPorts.Unused();

    public string OperatorToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public KagiApi Api { get; private set; } = null!;

    public string MembershipConnection => new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnection) { Database = _database }.ConnectionString;

    public string ClusterId => Environment["KAGI_CLUSTER_ID"];

    public async Task InitializeAsync()
    {
        await ExecuteAsAdminAsync($"CREATE DATABASE {_database}");
        _databaseCreated = true;
        var runId = Guid.NewGuid().ToString("N")[..12];
        Environment["KAGI_CLUSTERING"] = "adonet";
        Environment["KAGI_CLUSTER_CONNECTION"] = MembershipConnection;
        Environment["KAGI_CLUSTER_ID"] = "multihost-" + runId;
        Environment["KAGI_SERVICE_ID"] = "kagi-multihost-" + runId;
        Environment["KAGI_SILO_PORT"] = SiloPort.ToString(CultureInfo.InvariantCulture);
        Environment["KAGI_GATEWAY_PORT"] = GatewayPort.ToString(CultureInfo.InvariantCulture);
        Environment["KAGI_STORAGE_CONNECTION"] = TestEnvironment.StorageConnection;
        TestRateLimits.Lift(Environment);
        Environment["KAGI_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Environment["KAGI_OPERATOR_TOKEN"] = OperatorToken;

        foreach (var address in SiloAddresses)
        {
            _silos.Add(StartSilo(address, Pki.NodeSettings("silo-" + address)));
        }

        var url = $"http://{FrontendAddress}:{LoopbackPorts.Unused()}";
        var frontend = new Dictionary<string, string>(Environment) { ["KAGI_URLS"] = url };
        foreach (var (name, value) in Pki.NodeSettings("frontend", serves: false))
        {
            frontend[name] = value;
        }

        _frontend = BuiltProcess.Start("Frontend", frontend);
        Api = new KagiApi(new Uri(url), OperatorToken);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await Api.IsReadyAsync() || (await ActiveSilosAsync()).Count < SiloAddresses.Length)
        {
            if (_silos.Exists(s => s.HasExited) || _frontend.HasExited || DateTime.UtcNow > deadline)
            {
                var members = string.Join(", ", (await MembershipAsync()).Select(m => $"{m.Address}:{m.Port} status {m.Status}"));
                throw new InvalidOperationException($"The multi-host cluster did not come up; membership: [{members}].{System.Environment.NewLine}{Output()}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>A silo of this cluster's settings on <paramref name="address"/> with <paramref name="tls"/>; the caller stops it.</summary>
    public BuiltProcess StartSilo(string address, IReadOnlyDictionary<string, string> tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var environment = new Dictionary<string, string>(Environment) { ["KAGI_ADVERTISED_ADDRESS"] = address };
        foreach (var (name, value) in tls)
        {
            environment[name] = value;
        }

        return BuiltProcess.Start("Silo", environment);
    }

    /// <summary>The advertised addresses of the silos the membership table lists as active (status 3).</summary>
    public async Task<List<string>> ActiveSilosAsync() =>
        (await MembershipAsync()).Where(m => m.Status == 3).Select(m => m.Address).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every row of this cluster in the membership table: address, silo port, status.</summary>
    public async Task<List<(string Address, int Port, int Status)>> MembershipAsync()
    {
        await using var connection = new NpgsqlConnection(MembershipConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT address, port, status FROM orleansmembershiptable WHERE deploymentid = @id", connection);
        command.Parameters.AddWithValue("id", ClusterId);
        await using var rows = await command.ExecuteReaderAsync();
        var members = new List<(string, int, int)>();
        while (await rows.ReadAsync())
        {
            members.Add((rows.GetString(0), rows.GetInt32(1), rows.GetInt32(2)));
        }

        return members;
    }

    public string Output() =>
        string.Join(System.Environment.NewLine, _silos.Select((s, i) => $"--- silo {SiloAddresses[i]} ---{System.Environment.NewLine}{s.RecentOutput}"))
        + $"{System.Environment.NewLine}--- frontend ---{System.Environment.NewLine}{_frontend?.RecentOutput}";

    public async Task DisposeAsync()
    {
        // In order, as an operator stops it: the Frontend, the silos, then the membership database.
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }

        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
        Api?.Dispose();
        Pki.Dispose();
        NpgsqlConnection.ClearAllPools();
        if (_databaseCreated)
        {
            await ExecuteAsAdminAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
[CollectionCost(123)]
public sealed class MultiHostClusterGroup : ICollectionFixture<MultiHostCluster>
{
    public const string Name = "Multi-host cluster";
}
