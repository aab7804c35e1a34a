using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Kagi.Domain.Inventory;
using Kagi.Hosting;
using Kagi.Inventory;
using Kagi.Silo;
using Kagi.Tenancy;
using Kagi.Vault;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Kagi.Benchmarks;

/// <summary>
/// Issue 15, P4, in one silo process with Kagi's own wiring: (1) managed heap per active account grain, (2) idle
/// account grains collected (the account age shortened to one minute here so the run sees it; the other ages are
/// the silo's), (3) the cost of the first and a far page of the tenant's account listing as the inventory grows,
/// plain and filtered, through the inventory grain (the call the Frontend's GET makes) beside the same query on the
/// table store, and the store's raw 100-entity transaction rate at each size.
/// Usage: <c>scale &lt;connection&gt; &lt;Azurite pid&gt; &lt;markdown out&gt; &lt;memory sizes, e.g. 5000,10000&gt; &lt;listing sizes, e.g. 10000,100000&gt;</c>.
/// </summary>
public static class ScaleBenchmark
{
    private const int InFlight = 64;
    private const int PageSize = 100;
    private const int FarPage = 1_000;
    private const int Repeats = 5;
    private const int Targets = 10;
    private static readonly TimeSpan AccountAgeHere = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (connection, azuritePid, output) = (args[0], int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
        var memorySizes = Sizes(args[3]);
        var listingSizes = Sizes(args[4]);

        using var host = await BenchSilo.StartAsync(connection, BenchSilo.RandomMasterKey(), "kagi-scale-" + Guid.NewGuid().ToString("N")[..8], silo => silo
            .Configure<GrainCollectionOptions>(options =>
            {
                // After the silo's own settings: only the account age is shortened, so a run sees collection happen.
                options.CollectionQuantum = TimeSpan.FromSeconds(15);
                options.ClassSpecificCollectionAge[typeof(PrivilegedAccountGrain).FullName!] = AccountAgeHere;
            }));
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var tenant = "scale" + Guid.NewGuid().ToString("N")[..10];
        await grains.GetGrain<ITenantGrain>(tenant).CreateAsync(new TenantCreation("Scale benchmark", "admin", "Benchmark-Vault-Keeper-5519"));
        var admin = new Caller(tenant, "admin", [KagiRoles.Admin], null);

        var report = new StringBuilder();
        await MemoryAsync(host.Services, grains, tenant, admin, memorySizes, report);
        await CollectionAsync(grains, report);
        await ListingAsync(host.Services, new TableServiceClient(connection), grains, tenant, admin, azuritePid, listingSizes, report);
        await host.StopAsync();
        await File.WriteAllTextAsync(output, report.ToString());
        Console.Write(report);
        return 0;
    }

    private static async Task MemoryAsync(IServiceProvider services, IGrainFactory grains, string tenant, Caller admin, int[] sizes, StringBuilder report)
    {
        var watch = Stopwatch.StartNew();
        await SyntheticTenant.WriteAccountsAsync(services, grains, tenant, sizes[^1]);
        report.AppendLine(CultureInfo.InvariantCulture, $"## 1. Managed heap per active account grain")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{sizes[^1]:N0} account grain states written first (sealed passwords, through the silo's grain storage provider) in {watch.Elapsed.TotalSeconds:F0} s. Each step activates more of them by reading them (`GetAsync`), then forces a full compacting GC and reads `GC.GetTotalMemory(true)`; bytes per grain = heap growth since before the first activation / active account grains. Server GC, one silo, this process only.")
            .AppendLine()
            .AppendLine("| active account grains (Orleans' count) | managed heap | growth | per grain | working set |")
            .AppendLine("|---|---|---|---|---|");
        var before = FullHeap();
        report.AppendLine(CultureInfo.InvariantCulture, $"| {await AccountActivationsAsync(grains):N0} | {Mib(before)} | — | — | {Mib(Environment.WorkingSet)} |");
        var active = 0;
        foreach (var size in sizes)
        {
            await ForAllAsync(active, size, i => grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(tenant, $"svc-{i:D7}")).GetAsync(admin));
            active = size;
            var heap = FullHeap();
            var count = await AccountActivationsAsync(grains);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {count:N0} | {Mib(heap)} | {Mib(heap - before)} | {(heap - before) / (double)Math.Max(count, 1):N0} B | {Mib(Environment.WorkingSet)} |");
        }

        report.AppendLine();
    }

    private static async Task CollectionAsync(IGrainFactory grains, StringBuilder report)
    {
        report.AppendLine("## 2. Idle account grains collected")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"No calls after the reads above. The account grains' collection age is {AccountAgeHere.TotalMinutes:F0} min in this run (the silo's is {GrainCollectionAges.Accounts.TotalMinutes:F0} min, see `Silo/GrainCollectionAges.cs`), collection quantum 15 s; the activation count from `IManagementGrain.GetSimpleGrainStatistics`:")
            .AppendLine()
            .AppendLine("| seconds idle | account activations | managed heap |")
            .AppendLine("|---|---|---|");
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var count = await AccountActivationsAsync(grains);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {watch.Elapsed.TotalSeconds:F0} | {count:N0} | {Mib(FullHeap())} |");
            if (count == 0 || watch.Elapsed > AccountAgeHere * 3)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(15));
        }

        report.AppendLine();
    }

    private static async Task ListingAsync(IServiceProvider services, TableServiceClient tables, IGrainFactory grains, string tenant, Caller admin, int azuritePid, int[] sizes, StringBuilder report)
    {
        var table = tables.GetTableClient(KagiStorage.InventoryTable);
        await table.CreateIfNotExistsAsync();
        var store = services.GetRequiredService<InventoryStore>();
        var inventory = grains.GetGrain<ITenantInventoryGrain>(tenant);
        report.AppendLine("## 3. Account listing cost as the inventory grows")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Inventory rows in the real layout (`a|{{id}}` and its copy `o|{{target}}|{{id}}`, {Targets} targets; status `pending` on 1 account in 20, `out-of-sync` on 1 in 100, else `idle`), written 50 accounts (100 entities) per transaction, {InFlight / 8} in flight. A page is {PageSize} accounts. The far page is page {FarPage:N0}, or the last full page where the listing has fewer; it is reached by its continuation tokens and only its own request is timed. Times are medians of {Repeats}: **Kagi** = `ITenantInventoryGrain.ListAccountsAsync` (what `GET /api/t/{{tenant}}/accounts` calls; the HTTP and authorization layer above it is the same for every N and is measured in benchmarks/http.sh), **store** = `InventoryStore.QueryAccountsAsync` on the same table without the grain call.")
            .AppendLine()
            .AppendLine("| accounts N | inventory rows | rows written/s at this size (raw 100-entity transactions) | Azurite RSS |")
            .AppendLine("|---|---|---|---|");
        var timings = new StringBuilder()
            .AppendLine("| accounts N | listing | first page: Kagi / store | far page (#) | far page: Kagi / store |")
            .AppendLine("|---|---|---|---|---|");
        var written = 0;
        foreach (var size in sizes)
        {
            var watch = Stopwatch.StartNew();
            await WriteInventoryAsync(table, tenant, written, size);
            var rate = (size - written) * 2 / watch.Elapsed.TotalSeconds;
            written = size;
            report.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0} | {size * 2:N0} | {rate:N0} | {Mib(Rss(azuritePid))} |");
            foreach (var (name, query) in new[]
            {
                ("all", AccountQuery.All),
                ("status=pending", new AccountQuery { Status = "pending" }),
                ("target=pg-3", new AccountQuery { TargetId = "pg-3" }),
            })
            {
                var first = await MedianAsync(() => inventory.ListAccountsAsync(admin, query, null, PageSize));
                var firstStore = await MedianAsync(() => store.QueryAccountsAsync(tenant, query, null, PageSize, DateTimeOffset.UtcNow));
                var (page, after) = await FarPageTokenAsync(inventory, admin, query);
                var far = await MedianAsync(() => inventory.ListAccountsAsync(admin, query, after, PageSize));
                var farStore = await MedianAsync(() => store.QueryAccountsAsync(tenant, query, after, PageSize, DateTimeOffset.UtcNow));
                timings.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0} | {name} | {first:F1} / {firstStore:F1} ms | {page:N0} | {far:F1} / {farStore:F1} ms |");
            }
        }

        report.AppendLine().Append(timings).AppendLine();
    }

    /// <summary>The continuation token of the far page: walks the pages before it, as a client would.</summary>
    private static async Task<(int Page, string? After)> FarPageTokenAsync(ITenantInventoryGrain inventory, Caller admin, AccountQuery query)
    {
        string? after = null;
        var page = 1;
        while (page < FarPage)
        {
            var next = await inventory.ListAccountsAsync(admin, query, after, PageSize);
            if (next.Continuation is null)
            {
                // The page just read was the last: time that one.
                return (page, after);
            }

            after = next.Continuation;
            page++;
        }

        return (page, after);
    }

    private static async Task WriteInventoryAsync(TableClient table, string tenant, int from, int to)
    {
        var batches = Enumerable.Range(from, to - from).Chunk(50).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = InFlight / 8 }, async (batch, _) =>
        {
            var actions = new List<TableTransactionAction>(100);
            foreach (var i in batch)
            {
                var account = new AccountSummary($"acc-{i:D7}", i % 20 == 0 ? "pending" : i % 100 == 1 ? "out-of-sync" : "idle")
                {
                    TargetId = $"pg-{i % Targets}",
                    Username = $"svc_{i}",
                };
                actions.Add(new(TableTransactionActionType.UpsertReplace, InventoryRows.Account(tenant, InventoryKeys.Accounts + account.Id, account)));
                actions.Add(new(TableTransactionActionType.UpsertReplace, InventoryRows.Account(tenant, InventoryKeys.AccountsOnTarget(account.TargetId) + account.Id, account)));
            }

            await table.SubmitTransactionAsync(actions, CancellationToken.None);
        });
    }

    private static async Task<double> MedianAsync<T>(Func<Task<T>> call)
    {
        var times = new List<double>();
        for (var i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static async Task ForAllAsync(int from, int to, Func<int, Task> call)
    {
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) => await call(i));
    }

    private static async Task<int> AccountActivationsAsync(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(PrivilegedAccountGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    private static long FullHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";

    private static int[] Sizes(string text) => [.. text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}
