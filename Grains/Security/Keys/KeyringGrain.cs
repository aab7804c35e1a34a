using System.Collections.Immutable;
using System.Globalization;
using Kagi.Audit;
using Kagi.Notifications;
using Kagi.Tenancy;
using Kagi.Vault;

namespace Kagi.Security.Keys;

/// <summary>KEK rotation: a new KEK version, then every tenant's data keys re-wrapped with it, recorded in
/// its audit log and told to its admins. Online: until a tenant is re-wrapped its keys still unwrap with
/// the older KEK version.</summary>
public sealed class KeyringGrain(IKeyEncryptionKeyProvider provider, TimeProvider time) : Grain, IKeyringGrain
{
    public async Task<int> RotateKekAsync()
    {
        var kekId = await provider.RotateAsync(CancellationToken.None);
        foreach (var tenantId in await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).ListAsync())
        {
            var kagi = Caller.System(tenantId);
            await GrainFactory.GetGrain<ITenantKeyGrain>(tenantId).RewrapAsync(kagi);
            var now = time.GetUtcNow();
            await GrainFactory.GetGrain<IAuditLogGrain>(tenantId).AppendAsync(
                new AuditEvent(now, Caller.SystemName, "keys.kek-rotate", $"kek {kekId}", AuditResults.Success, null, "data keys re-wrapped"));
            await GrainFactory.GetGrain<INotificationOutboxGrain>(tenantId).EnqueueAsync(kagi, new NotificationRequest(
                NotificationEvents.SecurityKekRotated, [], ToAdmins: true, ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
                {
                    ["tenant"] = tenantId,
                    ["kek"] = kekId.ToString(CultureInfo.InvariantCulture),
                    ["time"] = now.ToString("u", CultureInfo.InvariantCulture),
                })));
        }

        return kekId;
    }
}
