using Kagi.Configuration;
using Kagi.Silo;
using Kagi.Silo.Clustering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Settings files sit beside the binary, wherever the process is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables(SettingsReader.EnvironmentPrefix);

SiloSettings settings;
try
{
    var reader = new SettingsReader(builder.Configuration);
    settings = SiloSettings.Read(reader, TimeProvider.System);
    builder.Services.AddSingleton(MailSettingsReader.Read(reader));
    builder.Services.AddSingleton(EgressSettingsReader.Read(reader, settings));
    builder.Services.AddSingleton(MailSettingsReader.ReadPlaintextRelays(reader));
}
catch (InvalidSettingsException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

if (settings.Cluster.Mode == ClusteringMode.AdoNet)
{
    // Kagi ships the membership schema itself; applying it is idempotent.
    await PostgresMembershipSchema.ApplyAsync(settings.Cluster.MembershipConnection!, CancellationToken.None);
}

builder.UseOrleans(silo => silo
    .UseKagiClustering(settings.Cluster, settings.Endpoints)
    .AddKagiStorageAndServices(settings.Storage.CreateClient(), settings.Keys, settings.GeoIpDatabase));

// On SIGTERM the silo finishes the calls it is running and deactivates every grain before it
// leaves; .NET's default 30 s cut that short on a busy silo. run.sh waits longer than this.
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(60));

await builder.Build().RunAsync();
return 0;
