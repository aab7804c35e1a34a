using Kagi.Configuration;
using Kagi.Silo;
using Kagi.Silo.Clustering;
using Kagi.Silo.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;

// Settings files sit beside the binary, wherever the process is started from. A web host, for the operator
// listener alone (metrics, dashboard); without KAGI_OPERATOR_URLS it binds nothing (OperatorListener).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables(SettingsReader.EnvironmentPrefix);

SiloSettings settings;
OperatorSettings operations;
try
{
    var reader = new SettingsReader(builder.Configuration);
    settings = SiloSettings.Read(reader, TimeProvider.System);
    operations = OperatorSettings.Read(reader);
    reader.ThrowIfInvalid();
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

builder.UseOrleans(silo =>
{
    silo.UseKagiClustering(settings.Cluster, settings.Endpoints)
        .AddKagiStorageAndServices(settings.Storage.CreateClient(), settings.Keys, settings.GeoIpDatabase);
    if (operations.Dashboard)
    {
        silo.AddDashboard();
    }

    if (SiloTelemetry.ExportsOtlp(builder.Configuration))
    {
        silo.AddActivityPropagation();
    }
});
SiloTelemetry.Add(builder, operations);
OperatorListener.Configure(builder, operations);

// On SIGTERM the silo finishes the calls it is running and deactivates every grain before it
// leaves; .NET's default 30 s cut that short on a busy silo. run.sh waits longer than this.
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(60));

var app = builder.Build();
OperatorListener.Map(app, operations);
await app.RunAsync();
return 0;
