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
    private readonly string _storageConnection;

    public KagiDeployment()
        : this(TestEnvironment.StorageConnection)
    {
    }

    /// <summary>A deployment on a table store of the test's own (e.g. one it will stop).</summary>
    internal KagiDeployment(string storageConnection)
    {
        _storageConnection = storageConnection;
    }

    public BuiltProcess Silo { get; private set; } = null!;

    public BuiltProcess Frontend { get; private set; } = null!;

    public KagiApi Api { get; private set; } = null!;

    private bool DatabaseCreated { get; set; }

    public string OperatorToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public async Task InitializeAsync()
    {
        await ExecuteAsAdminAsync($"CREATE DATABASE {_membershipDatabase}");
        DatabaseCreated = true;
        var membership = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnection) { Database = _membershipDatabase };
        var url = $"http://127.0.0.1:{FreePort()}";
        var runId = Guid.NewGuid().ToString("N")[..12];
        _environment["KAGI_CLUSTERING"] = "adonet";
        _environment["KAGI_CLUSTER_CONNECTION"] = membership.ConnectionString;
        _environment["KAGI_CLUSTER_ID"] = "e2e-" + runId;
        _environment["KAGI_SERVICE_ID"] = "kagi-e2e-" + runId;
        _environment["KAGI_SILO_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["KAGI_GATEWAY_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["KAGI_STORAGE_CONNECTION"] = _storageConnection;
        _environment["KAGI_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _environment["KAGI_OPERATOR_TOKEN"] = OperatorToken;
        _environment["KAGI_URLS"] = url;
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
        Silo = BuiltProcess.Start("Silo", _environment);
        await WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
public sealed class KagiDeploymentGroup : ICollectionFixture<KagiDeployment>
{
    public const string Name = "Kagi deployment";
}
