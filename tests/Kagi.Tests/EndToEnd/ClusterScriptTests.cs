using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// <c>scripts/cluster.sh</c> as a developer tries it: two silos on their own loopback addresses with
/// mutual TLS, PostgreSQL membership and one Frontend; the API answers through it, and SIGTERM
/// stops every process it started.
/// </summary>
public sealed class ClusterScriptTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] UserRole = ["user"];
    private static readonly string[] PidFiles = ["frontend.pid", "silo1.pid", "silo2.pid", "azurite/azurite.pid"];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kagi-cluster-sh-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _operatorToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    [Fact]
    public async Task A_two_silo_cluster_with_tls_serves_the_api_and_stops_every_process_on_sigterm()
    {
        static string Port() => LoopbackPorts.Unused().ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>
        {
            ["KAGI_CLUSTER_SILOS"] = "2",
            ["KAGI_CLUSTER_TLS"] = "on",
            ["KAGI_DATA_DIR"] = _dataDirectory,
            ["KAGI_URLS"] = "http://127.0.0.1:" + Port(),
            ["KAGI_AZURITE_PORT"] = Port(),
            ["KAGI_CLUSTER_PG_PORT"] = Port(),
            ["KAGI_SILO_PORT"] = Port(),
            ["KAGI_GATEWAY_PORT"] = Port(),
            ["KAGI_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["KAGI_OPERATOR_TOKEN"] = _operatorToken,
            // The test run built everything already.
            ["KAGI_SKIP_BUILD"] = "1",
        };
        using var api = new KagiApi(new Uri(environment["KAGI_URLS"]), _operatorToken);
        await using var script = BuiltProcess.StartScript("scripts/cluster.sh", environment);

        // The script says it is running once both silos are active and the Frontend is ready.
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!script.RecentOutput.Contains("Kagi cluster is running", StringComparison.Ordinal))
        {
            Assert.False(script.HasExited || DateTime.UtcNow > deadline, "cluster.sh did not become ready:" + Environment.NewLine + script.RecentOutput);
            await Task.Delay(500);
        }

        Assert.Contains("2 silos on 127.0.0.11 127.0.0.12", script.RecentOutput, StringComparison.Ordinal);
        Assert.Contains("cluster TLS on", script.RecentOutput, StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(api);
        (await api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "erin", password = TenantScript.UserPassword, roles = UserRole }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        Assert.NotEmpty(await api.LoginAsync(tenant.Id, "erin", TenantScript.UserPassword));

        var started = PidFiles.Select(f => int.Parse(File.ReadAllText(Path.Combine(_dataDirectory, f)).Trim(), CultureInfo.InvariantCulture))
            .ToList();
        await script.TerminateAsync();
        var exit = await script.WaitForExitAsync(StopTimeout);

        Assert.True(exit == 143, $"cluster.sh exited with {exit} on SIGTERM, not 143:{Environment.NewLine}{script.RecentOutput}");
        Assert.All(started, pid => Assert.False(IsRunning(pid), $"pid {pid} outlived cluster.sh"));
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "pg", "data", "postmaster.pid")), "PostgreSQL outlived cluster.sh");
        Assert.False(await api.IsReadyAsync());
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    // A zombie (not yet reaped by its parent) has stopped too.
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
