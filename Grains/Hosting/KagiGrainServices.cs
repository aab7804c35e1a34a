using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Connectors;
using Kagi.Egress;
using Kagi.Inventory;
using Kagi.Reconciliation;
using Kagi.Requests;
using Kagi.Notifications;
using Kagi.Security;
using Kagi.Security.Keys;
using Kagi.Siem;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Kagi.Hosting;

public static class KagiGrainServices
{
    /// <summary>The services Kagi's grains depend on; the silo and test clusters both call this.</summary>
    public static IServiceCollection AddKagiGrainServices(this IServiceCollection services, IKeyEncryptionKeyProvider keys, TableServiceClient tables)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new AuditClock(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => new RequestClock(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => new VaultClock(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(keys);
        services.AddSingleton<TenantVault>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<IAuditStore>(new TableAuditStore(tables));
        services.AddSingleton(new InventoryStore(tables));
        services.AddSingleton(new GrainStateKeys(tables));
        services.AddSingleton(new RequestIndexStore(tables));
        services.AddSingleton(new OutboxStore(tables));
        services.TryAddSingleton(OutboxLimits.Default);
        services.AddSingleton(new Kagi.Requests.PresetStore(tables));
        services.AddSingleton(new Kagi.Import.ImportRowStore(tables));
        services.TryAddSingleton(Kagi.Vault.ImportJobLimits.Default);
        services.AddSingleton<IAuditKeyring, KekAuditKeyring>();
        // Without the operator's egress settings (the silo reads KAGI_EGRESS_*), tenants reach the public internet only.
        services.TryAddSingleton(EgressSettings.None);
        services.AddSingleton<EgressGates>();
        services.AddSingleton<ITargetConnector>(provider => new PostgresConnector(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITargetConnector>(provider => new SshConnector(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITargetConnector, LdapConnector>();
        services.AddSingleton<TargetConnectors>();
        services.TryAddSingleton<Kagi.Identity.IGeoLocator, Kagi.Identity.NoGeoLocator>();
        services.AddSingleton<ILoginSource, PostgresLoginSource>();
        services.AddSingleton<ILoginSource, SshLoginSource>();
        services.AddSingleton(provider => new OwnLoginJournals(tables, provider.GetRequiredService<ILogger<OwnLoginJournals>>()));
        services.AddSingleton<LoginSources>();
        services.AddSingleton<SiemSender>();
        services.TryAddSingleton(MailSettings.None);
        services.TryAddSingleton(Kagi.Domain.Notifications.PlaintextRelays.None);
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<IMailSender>(provider => provider.GetRequiredService<SmtpMailSender>());
        services.AddSingleton<IMailRelay>(provider => provider.GetRequiredService<SmtpMailSender>());
        services.AddSingleton(provider => new WebhookSender(provider.GetRequiredService<EgressGates>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Kagi.Sso.OidcClient>();
        return services;
    }
}
