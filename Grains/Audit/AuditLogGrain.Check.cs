using System.Collections.Immutable;
using System.Globalization;
using Kagi.Notifications;
using Kagi.Hosting;
using Microsoft.Extensions.Logging;

namespace Kagi.Audit;

/// <summary>The daily verification of the tenant's chain; a break is a security event for its admins.</summary>
public sealed partial class AuditLogGrain
{
    public async Task<AuditVerification> CheckChainAsync(Caller caller)
    {
        TenantGuard.EnsureSystem(caller, TenantId);
        if (!await IsReadyAsync())
        {
            return new AuditVerification(true, 0, null, null, 0, 0);
        }

        var result = await VerifyAsync(caller);
        if (result.Valid)
        {
            return result;
        }

        LogChainBroken(logger, TenantId, result.FirstBroken, result.Problem);
        await GrainFactory.GetGrain<INotificationOutboxGrain>(TenantId).EnqueueAsync(caller, new NotificationRequest(
            NotificationEvents.SecurityAuditChainBroken, [], ToAdmins: true, ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["tenant"] = TenantId,
                ["problem"] = result.Problem ?? "broken",
                ["sequence"] = result.FirstBroken?.ToString(CultureInfo.InvariantCulture) ?? "-",
                ["records"] = result.Records.ToString(CultureInfo.InvariantCulture),
                ["time"] = clock.Now.ToString("u", CultureInfo.InvariantCulture),
            })));
        return result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit chain of tenant {TenantId} fails verification: {Problem} at sequence {Sequence}")]
    private static partial void LogChainBroken(ILogger logger, string tenantId, long? sequence, string? problem);
}
