using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Connectors;
using Kagi.Domain.Vault;
using Kagi.Reconciliation;
using Kagi.Notifications;
using Kagi.Security;
using Kagi.Siem;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kagi.Hosting;

public static class KagiGrainServices
{
    /// <summary>The services Kagi's grains depend on; the silo and test clusters both call this.</summary>
    public static IServiceCollection AddKagiGrainServices(this IServiceCollection services, MasterKey masterKey, TableServiceClient tables)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new AuditClock(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(masterKey);
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton(new PasswordGenerator());
        services.AddSingleton<IAuditStore>(new TableAuditStore(tables));
        services.AddSingleton<IAuditKeyring, MasterKeyAuditKeyring>();
        services.AddSingleton<ITargetConnector, PostgresConnector>();
        services.AddSingleton<TargetConnectors>();
        services.AddSingleton<ILoginSource, PostgresLoginSource>();
        services.AddSingleton<LoginSources>();
        services.AddSingleton(new SiemSender(new HttpClient()));
        services.TryAddSingleton(MailSettings.None);
        services.AddSingleton<IMailSender, SmtpMailSender>();
        return services;
    }
}
