using System.Diagnostics;
using System.Globalization;
using Kagi.Domain.Vault;
using Kagi.Security;
using Kagi.Tenancy;
using Kagi.Vault;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kagi.Benchmarks;

/// <summary>
/// A synthetic tenant for the backup benchmark, in the real store layout: the tenant is created through
/// <c>TenantGrain</c>; each account is an <see cref="AccountState"/> with a password sealed by the silo's own
/// <see cref="TenantVault"/>, written by the silo's own grain storage provider (the row the account grain would
/// write); the audit records are appended through the real <c>AuditLogGrain</c> (group commit, chained, with
/// checkpoints). Usage: <c>synthetic-tenant &lt;connection&gt; &lt;service id&gt; &lt;tenant&gt; &lt;accounts&gt; &lt;audit records&gt;</c>
/// with the master key in <c>KAGI_MASTER_KEY</c>.
/// </summary>
public static class SyntheticTenant
{
    private const int InFlight = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (connection, serviceId, tenant) = (args[0], args[1], args[2]);
        var accounts = int.Parse(args[3], CultureInfo.InvariantCulture);
        var auditRecords = int.Parse(args[4], CultureInfo.InvariantCulture);
        var masterKey = MasterKey.TryParse(Environment.GetEnvironmentVariable("KAGI_MASTER_KEY"))
            ?? throw new InvalidOperationException("KAGI_MASTER_KEY is missing or malformed.");

        using var host = await BenchSilo.StartAsync(connection, masterKey, serviceId);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ITenantGrain>(tenant).CreateAsync(new TenantCreation("Backup benchmark", "admin", "Benchmark-Vault-Keeper-5519"));

        var watch = Stopwatch.StartNew();
        await WriteAccountsAsync(host.Services, grains, tenant, accounts);
        Console.WriteLine($"accounts: {accounts} in {watch.Elapsed.TotalSeconds:F1} s");
        watch.Restart();
        var rate = await AuditAppends.RunAsync(grains.GetGrain<Kagi.Audit.IAuditLogGrain>(tenant), auditRecords, 1_000);
        Console.WriteLine($"audit records: {auditRecords} in {watch.Elapsed.TotalSeconds:F1} s ({rate:F0}/s)");
        await host.StopAsync();
        return 0;
    }

    /// <summary>Accounts <c>svc-0000000</c>… as the account grain stores them, through the silo's own grain storage provider (so a change of its row layout applies here too).</summary>
    internal static async Task WriteAccountsAsync(IServiceProvider services, IGrainFactory grains, string tenant, int count)
    {
        var vault = services.GetRequiredService<TenantVault>();
        var storage = services.GetRequiredKeyedService<IGrainStorage>(Kagi.Hosting.KagiStorage.GrainState);
        using var slots = new SemaphoreSlim(InFlight);
        var tasks = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            await slots.WaitAsync();
            var id = $"svc-{i:D7}";
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var state = new AccountState
                    {
                        Exists = true,
                        TargetId = "pg",
                        Username = id,
                        CurrentSecret = await vault.SealAsync("Synthetic-" + Guid.NewGuid().ToString("N"), new SecretContext(tenant, "account", id, "password")),
                        CreatedAt = DateTimeOffset.UtcNow,
                    };
                    var grain = grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(tenant, id)).GetGrainId();
                    await storage.WriteStateAsync("account", grain, new GrainState<AccountState>(state));
                }
                finally
                {
                    slots.Release();
                }
            }));
            if (tasks.Count >= 4 * InFlight)
            {
                await Task.WhenAll(tasks);
                tasks.Clear();
            }
        }

        await Task.WhenAll(tasks);
    }

}
