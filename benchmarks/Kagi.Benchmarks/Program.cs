using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Kagi;
using Kagi.Audit;
using Kagi.Benchmarks;
using Kagi.Tenancy;
using Microsoft.Extensions.DependencyInjection;

// Audit append rate (group commit through the real AuditLogGrain) against the raw rate of the same
// table store in the same run: single inserts, and 100-entity transactions into one partition.
// Usage: Kagi.Benchmarks <storage connection> <results file> [events]
// (or Kagi.Benchmarks synthetic-tenant …: the backup benchmark's data, see SyntheticTenant;
// Kagi.Benchmarks restore-rates …: the store's pace for a restore's writes, see RestoreRates;
// http … and baseline-web …: the HTTP benchmark, see Http/HttpBenchmark; requests …: P5, see Http/RequestsBenchmark)
if (args.Length > 0 && args[0] == "synthetic-tenant")
{
    return await SyntheticTenant.RunAsync(args[1..]);
}

// P4: memory per account grain, grain collection, listing cost as the inventory grows (benchmarks/scale.sh).
if (args.Length > 0 && args[0] == "scale")
{
    return await ScaleBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "restore-rates")
{
    return await RestoreRates.RunAsync(args[1..]);
}

// The HTTP benchmark (benchmarks/http.sh) and the ASP.NET + one grain call process it measures beside Kagi.
if (args.Length > 0 && args[0] == "http")
{
    return await Kagi.Benchmarks.Http.HttpBenchmark.RunAsync(args[1..]);
}

// P5 on its own, with the calls per grain type from the silo's metrics (benchmarks/requests.sh).
if (args.Length > 0 && args[0] == "requests")
{
    return await Kagi.Benchmarks.Http.RequestsBenchmark.RunAsync(args[1..]);
}

// P3's second half: every account due in the same minute, rotated at the target's pacing (benchmarks/due-rotations.sh).
if (args.Length > 0 && args[0] == "due-rotations")
{
    return await Kagi.Benchmarks.Due.DueRotationsBenchmark.RunAsync(args[1..]);
}

// P4's creation as the tenant grows: CSV import jobs one after another (benchmarks/growth.sh).
if (args.Length > 0 && args[0] == "growth")
{
    return await Kagi.Benchmarks.Growth.GrowthBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "baseline-web")
{
    return await Kagi.Benchmarks.Http.BaselineWeb.RunAsync(args[1..]);
}

if (args.Length < 2)
{
    await Console.Error.WriteLineAsync("usage: Kagi.Benchmarks <storage connection> <results file> [events]");
    return 2;
}

var connection = args[0];
var resultsFile = args[1];
var events = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
var tables = new TableServiceClient(connection);
var raw = new RawInserts(tables, "KagiBenchRaw");

await raw.WarmUpAsync();
var single = await raw.SingleInsertsPerSecondAsync(Math.Min(2_000, events / 5));
var batched = await raw.BatchInsertsPerSecondAsync(events);

using var host = await BenchSilo.StartAsync(connection, BenchSilo.RandomMasterKey(), "kagi-bench-" + Guid.NewGuid().ToString("N")[..8]);
var grains = host.Services.GetRequiredService<IGrainFactory>();
var tenant = "bench" + Guid.NewGuid().ToString("N")[..10];
await grains.GetGrain<ITenantGrain>(tenant).CreateAsync(new TenantCreation("Benchmark", "admin", "Benchmark-Vault-Keeper-5519"));
var log = grains.GetGrain<IAuditLogGrain>(tenant);
await AuditAppends.RunAsync(log, 200, 64); // warm-up: activation, table creation, JIT
var audit = await AuditAppends.RunAsync(log, events, 1_000);
var verification = await log.VerifyAsync(new Caller(tenant, "bench", [KagiRoles.Auditor], null));
await host.StopAsync();

var ratio = audit / batched;
var report = string.Join(Environment.NewLine,
    $"# Kagi audit append benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC",
    $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
    $"table store: {new Uri(tables.Uri.ToString()).Authority}",
    $"events: {events}",
    $"raw single inserts:            {single,10:F0} entities/s",
    $"raw 100-entity transactions:   {batched,10:F0} entities/s",
    $"audit appends (group commit):  {audit,10:F0} events/s (1,000 appends in flight, one tenant)",
    $"audit / raw batch:             {ratio,10:P0} (target >= 50 %)",
    $"chain after the run:           valid={verification.Valid}, records={verification.Records}, checkpoints={verification.Checkpoints}",
    "");
Console.Write(report);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsFile))!);
await File.WriteAllTextAsync(resultsFile, report);
return verification.Valid ? 0 : 1;
