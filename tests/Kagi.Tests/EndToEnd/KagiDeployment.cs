using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Kagi.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Kagi as an operator runs it: a Silo process and a Frontend process, clustered through the ADO.NET
/// membership table on the tests' real PostgreSQL, storing everything in the tests' real Azurite.
/// </summary>
public sealed class KagiDeployment : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _membershipDatabase = "kagi_e2e_" + Guid.NewGuid().ToString("N")[..10];
    private readonly Dictionary<string, string> _environment = [];
    private readonly string _geoIpDatabase = Path.Combine(Path.GetTempPath(), $"kagi-e2e-geo-{Guid.NewGuid():N}.mmdb");
    private readonly string _storageConnection;
    private readonly IReadOnlyDictionary<string, string> _extraSettings;

    public KagiDeployment()
        : this(TestEnvironment.StorageConnection)
    {
    }

    /// <summary>A deployment on a table store of the test's own (e.g. one it will stop), with <paramref name="extraSettings"/> over the usual ones.</summary>
    internal KagiDeployment(string storageConnection, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        _storageConnection = storageConnection;
        _extraSettings = extraSettings ?? new Dictionary<string, string>();
    }

    /// <summary>A host name for KAGI_PUBLIC_URL in place of 127.0.0.1 (same port), e.g. localhost: browsers refuse an IP
    /// address as a WebAuthn relying party id.</summary>
    internal string? PublicHost { get; init; }

    public BuiltProcess Silo { get; private set; } = null!;

    public BuiltProcess Frontend { get; private set; } = null!;

    public KagiApi Api { get; private set; } = null!;

    /// <summary>A second silo and a second Frontend in the same cluster, started by the first test that needs them.</summary>
    private (BuiltProcess Silo, BuiltProcess Frontend, KagiApi Api)? _secondNode;
    private readonly Lock _secondNodeGate = new();
    private Task<KagiApi>? _secondNodeStart;

    private bool DatabaseCreated { get; set; }

    public string OperatorToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>The silo's operator listener (metrics, dashboard when on), as an operator would run it beside the silo.</summary>
    public Uri SiloOperatorUrl => new(_environment["KAGI_OPERATOR_URLS"]);

    public async Task InitializeAsync()
    {
        await ExecuteAsAdminAsync($"CREATE DATABASE {_membershipDatabase}");
        DatabaseCreated = true;
        var membership = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnection) { Database = _membershipDatabase };
        var url = $"http://127.0.0.1:{LoopbackPorts.Unused()}";
        var runId = Guid.NewGuid().ToString("N")[..12];
        _environment["KAGI_CLUSTERING"] = "adonet";
        _environment["KAGI_CLUSTER_CONNECTION"] = membership.ConnectionString;
        _environment["KAGI_CLUSTER_ID"] = "e2e-" + runId;
        _environment["KAGI_SERVICE_ID"] = "kagi-e2e-" + runId;
        _environment["KAGI_SILO_PORT"] = LoopbackPorts.Unused().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["KAGI_GATEWAY_PORT"] = LoopbackPorts.Unused().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["KAGI_STORAGE_CONNECTION"] = _storageConnection;
        _environment["KAGI_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _environment["KAGI_OPERATOR_TOKEN"] = OperatorToken;
        _environment["KAGI_URLS"] = url;
        // The tests' HTTP client is the "proxy": X-Forwarded-For is believed from loopback only.
        _environment["KAGI_TRUSTED_PROXIES"] = "127.0.0.1/32";
        // Targets, relays and receivers of the tests live on loopback, as an operator would allow them; the one
        // PostgreSQL serves both clustering and targets here, so its exact endpoint is allowed too (never in production).
        _environment["KAGI_EGRESS_ALLOW"] = $"{TestEgress.LoopbackNetworks},127.0.0.1:{membership.Port}";
        // The tests' SMTP sinks listen on loopback without TLS; the operator allows exactly that relay.
        _environment["KAGI_SMTP_PLAINTEXT_HOSTS"] = "127.0.0.1";
        TestRateLimits.Lift(_environment);
        _environment["KAGI_OPERATOR_URLS"] = $"http://127.0.0.1:{LoopbackPorts.Unused()}";
        if (PublicHost is { } host)
        {
            _environment["KAGI_PUBLIC_URL"] = url.Replace("127.0.0.1", host, StringComparison.Ordinal);
        }

        foreach (var (name, value) in _extraSettings)
        {
            _environment[name] = value;
        }

        MmdbWriter.Write(_geoIpDatabase, TestCities.All);
        _environment["KAGI_GEOIP_DATABASE"] = _geoIpDatabase;
        Api = new KagiApi(new Uri(url), OperatorToken);

        Silo = BuiltProcess.Start("Silo", _environment);
        Frontend = BuiltProcess.Start("Frontend", _environment);
        await WaitUntilReadyAsync();
    }

    /// <summary>Stops the silo with SIGTERM and starts a new silo process in its place.</summary>
    public async Task RestartSiloAsync()
    {
        await Silo.StopAsync(TimeSpan.FromSeconds(60));
        await Silo.DisposeAsync();
        await StartSiloAsync();
    }

    /// <summary>Kills the silo with SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public Task KillSiloAsync() => Silo.KillAsync();

    /// <summary>The settings the processes run with (storage, master key, service id), for an operator tool run beside them.</summary>
    public IReadOnlyDictionary<string, string> Settings => _environment;

    /// <summary>Stops the Frontend and the silo with SIGTERM, as an operator would before a restore.</summary>
    public async Task StopProcessesAsync()
    {
        await Frontend.StopAsync(TimeSpan.FromSeconds(60));
        await Silo.StopAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts a new silo and Frontend with the same settings, after <see cref="StopProcessesAsync"/>.</summary>
    public async Task StartProcessesAsync()
    {
        await Frontend.DisposeAsync();
        await Silo.DisposeAsync();
        Silo = BuiltProcess.Start("Silo", _environment);
        Frontend = BuiltProcess.Start("Frontend", _environment);
        await WaitUntilReadyAsync();
    }

    public async Task StartSiloAsync()
    {
        Silo = BuiltProcess.Start("Silo", _environment);
        await WaitUntilReadyAsync();
    }

    /// <summary>Another Frontend process of this cluster, with <paramref name="settings"/> over the deployment's own; the caller stops it.</summary>
    public BuiltProcess StartExtraFrontend(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var environment = new Dictionary<string, string>(_environment);
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return BuiltProcess.Start("Frontend", environment);
    }

    /// <summary>The API of a second Frontend, backed by a second silo process of the same cluster.</summary>
    public Task<KagiApi> SecondNodeAsync()
    {
        lock (_secondNodeGate)
        {
            return _secondNodeStart ??= StartSecondNodeAsync();
        }
    }

    private async Task<KagiApi> StartSecondNodeAsync()
    {
        var environment = new Dictionary<string, string>(_environment)
        {
            ["KAGI_SILO_PORT"] = LoopbackPorts.Unused().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KAGI_GATEWAY_PORT"] = LoopbackPorts.Unused().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KAGI_OPERATOR_URLS"] = $"http://127.0.0.1:{LoopbackPorts.Unused()}",
        };
        var url = $"http://127.0.0.1:{LoopbackPorts.Unused()}";
        environment["KAGI_URLS"] = url;
        var silo = BuiltProcess.Start("Silo", environment);
        var frontend = BuiltProcess.Start("Frontend", environment);
        var api = new KagiApi(new Uri(url), OperatorToken);
        _secondNode = (silo, frontend, api);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await api.IsReadyAsync() || !await IsSecondSiloActiveAsync())
        {
            if (silo.HasExited || frontend.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"The second node did not become ready.{Environment.NewLine}--- silo ---{Environment.NewLine}{silo.RecentOutput}{Environment.NewLine}--- frontend ---{Environment.NewLine}{frontend.RecentOutput}");
            }

            await Task.Delay(500);
        }

        return api;
    }

    private async Task<bool> IsSecondSiloActiveAsync()
    {
        var membership = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnection) { Database = _membershipDatabase };
        await using var connection = new NpgsqlConnection(membership.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @id AND status = 3", connection);
        command.Parameters.AddWithValue("id", _environment["KAGI_CLUSTER_ID"]);
        return (long)(await command.ExecuteScalarAsync())! >= 2;
    }

    public async Task DisposeAsync()
    {
        if (_secondNode is { } second)
        {
            await second.Frontend.DisposeAsync();
            await second.Silo.DisposeAsync();
            second.Api.Dispose();
        }

        // Silos first: a silo whose membership database disappears hangs in shutdown.
        // (Each may be missing when start-up failed part-way.)
        if (Frontend is not null)
        {
            await Frontend.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        Api?.Dispose();
        File.Delete(_geoIpDatabase);
        NpgsqlConnection.ClearAllPools();
        if (DatabaseCreated)
        {
            await ExecuteAsAdminAsync($"DROP DATABASE IF EXISTS {_membershipDatabase} WITH (FORCE)");
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await Api.IsReadyAsync())
        {
            if (Silo.HasExited || Frontend.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"Kagi did not become ready.{Environment.NewLine}--- silo ---{Environment.NewLine}{Silo.RecentOutput}{Environment.NewLine}--- frontend ---{Environment.NewLine}{Frontend.RecentOutput}");
            }

            await Task.Delay(500);
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
[CollectionCost(486)]
public sealed class KagiDeploymentGroup : ICollectionFixture<KagiDeployment>
{
    public const string Name = "Kagi deployment";
}
