using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// <c>./run.sh</c> as a developer runs it (embedded Azurite, one silo, the Frontend), stopped with
/// SIGTERM right after a burst of writes and started again on the same data directory. Azurite keeps
/// its tables in memory and writes them out every 5 s, so this fails whenever the stop loses that window.
/// </summary>
public sealed class RunScriptStopTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] Ops = ["ops"];
    private static readonly string[] UserRole = ["user"];
    private static readonly string[] Carol = ["carol"];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kagi-run-sh-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _operatorToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    private readonly Dictionary<string, string> _environment;

    public RunScriptStopTests()
    {
        static string Port() => LoopbackPorts.Unused().ToString(CultureInfo.InvariantCulture);
        _environment = new Dictionary<string, string>
        {
            ["KAGI_DATA_DIR"] = _dataDirectory,
            ["KAGI_URLS"] = "http://127.0.0.1:" + Port(),
            ["KAGI_AZURITE_PORT"] = Port(),
            ["KAGI_SILO_PORT"] = Port(),
            ["KAGI_GATEWAY_PORT"] = Port(),
            ["KAGI_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["KAGI_OPERATOR_TOKEN"] = _operatorToken,
            // The test run built everything already; building again inside a test only costs minutes.
            ["KAGI_SKIP_BUILD"] = "1",
        };
    }

    [Fact]
    public async Task Every_write_acknowledged_before_run_sh_is_stopped_is_there_after_it_starts_again()
    {
        using var api = new KagiApi(new Uri(_environment["KAGI_URLS"]), _operatorToken);
        TenantScript tenant;
        List<string?> auditBefore;
        await using (var run = await StartAsync(api))
        {
            tenant = await TenantScript.OpenAsync(api);
            var t = $"/api/t/{tenant.Id}";

            // The burst: each write is answered before the next, and the stop follows at once.
            for (var i = 0; i < 6; i++)
            {
                (await api.PostAsync($"{t}/users", new { username = $"user{i}", password = TenantScript.UserPassword, roles = UserRole }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
            }

            (await api.SendAsync(HttpMethod.Put, $"{t}/users/bob/profile", new { email = "bob@acme.test", locale = "ja" }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
            (await api.SendAsync(HttpMethod.Put, $"{t}/users/carol/profile", new { groups = Ops }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
            (await api.SendAsync(HttpMethod.Put, $"{t}/settings/password-policy", new { minimumLength = 14 }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
            for (var i = 0; i < 3; i++)
            {
                (await api.SendAsync(HttpMethod.Put, $"{t}/workflows/flow{i}", new { name = $"Flow {i}", steps = new[] { new { name = "lead", approvers = new { users = Carol }, quorum = "any" } } }, tenant.Admin))
                    .ShouldBe(HttpStatusCode.OK);
            }

            auditBefore = await AuditHashesAsync(api, tenant);
            await StopAsync(run);
        }

        await using (var run = await StartAsync(api))
        {
            var t = $"/api/t/{tenant.Id}";
            for (var i = 0; i < 6; i++)
            {
                Assert.NotEmpty(await api.LoginAsync(tenant.Id, $"user{i}", TenantScript.UserPassword));
            }

            // A profile update that changes nothing answers with what is stored.
            var bob = (await api.SendAsync(HttpMethod.Put, $"{t}/users/bob/profile", new { }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
            Assert.Equal(("bob@acme.test", "ja"), (bob.Text("email"), bob.Text("locale")));
            var carol = (await api.SendAsync(HttpMethod.Put, $"{t}/users/carol/profile", new { }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
            Assert.Equal(Ops, carol.Json.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
            Assert.Equal(14, (await api.GetAsync($"{t}/settings/password-policy", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("minimumLength").GetInt32());
            var workflows = (await api.GetAsync($"{t}/workflows", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()).ToList();
            Assert.Subset(workflows.ToHashSet(), new HashSet<string?> { "flow0", "flow1", "flow2" });

            // Every audit record listed before the stop, in the same chain, and the chain still verifies.
            var auditAfter = await AuditHashesAsync(api, tenant);
            Assert.Equal(auditBefore, auditAfter.Skip(auditAfter.Count - auditBefore.Count));
            var verify = (await api.GetAsync($"{t}/audit/verify", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
            Assert.True(verify.Json.GetProperty("valid").GetBoolean(), verify.Body);

            await StopAsync(run);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static async Task<List<string?>> AuditHashesAsync(KagiApi api, TenantScript tenant)
    {
        var audit = (await api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        return audit.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("hash").GetString()).ToList();
    }

    /// <summary>SIGTERM to run.sh alone, as a service manager or `kill` sends it; its trap exits with 143.</summary>
    private static async Task StopAsync(BuiltProcess run)
    {
        await run.TerminateAsync();
        var exit = await run.WaitForExitAsync(StopTimeout);
        if (exit != 143)
        {
            Assert.Fail($"run.sh exited with {exit} on SIGTERM, not 143:{Environment.NewLine}{run.RecentOutput}");
        }
    }

    private async Task<BuiltProcess> StartAsync(KagiApi api)
    {
        var run = BuiltProcess.StartScript("run.sh", _environment);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await api.IsReadyAsync())
        {
            if (run.HasExited || DateTime.UtcNow > deadline)
            {
                var output = run.RecentOutput;
                await run.DisposeAsync();
                throw new InvalidOperationException($"run.sh did not become ready.{Environment.NewLine}{output}");
            }

            await Task.Delay(500);
        }

        return run;
    }
}
