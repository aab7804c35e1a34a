using System.Security.Cryptography;
using Azure.Data.Tables;
using Kagi.Domain.Vault;
using Kagi.Kagictl.Storage;
using Kagi.Security;
using Kagi.Security.Keys;
using Kagi.Vault;

namespace Kagi.Kagictl.Checks;

/// <summary>
/// What a restore proves after its writes, with the silo's own code and keys (the audit chains are verified
/// while the rows are written, <see cref="AuditStreamCheck"/>): a sample of sealed secrets read from the restored
/// table opens (<see cref="TenantVault"/> with data keys unwrapped by the provider of the silo's master key or
/// keyring), and the reminders are rows of the reminder table under the service id the silo runs as. Secrets
/// opened here are thrown away unread.
/// </summary>
public sealed class RestoreChecks(TableServiceClient tables, IKeyEncryptionKeyProvider keys, string serviceId, TextWriter output)
{
    private const int SecretSample = 20;

    public async Task<bool> RunAsync(long reminderRows, CancellationToken cancellationToken)
    {
        var secrets = await SecretsAsync(cancellationToken);
        var reminders = await RemindersAsync(reminderRows, cancellationToken);
        return secrets && reminders;
    }

    private async Task<bool> SecretsAsync(CancellationToken cancellationToken)
    {
        var rows = new GrainStateRows(tables, serviceId);
        var dataKeys = new Dictionary<string, TenantKeysState>(StringComparer.Ordinal);
        await foreach (var (tenant, _, state) in rows.ReadAsync<TenantKeysState>("keys", int.MaxValue))
        {
            dataKeys[tenant] = state;
        }

        var sealedValues = new List<(string Tenant, byte[] Sealed, SecretContext Context)>();
        await foreach (var (tenant, id, account) in rows.ReadAsync<AccountState>("account", SecretSample))
        {
            if (account.CurrentSecret.Length > 0)
            {
                sealedValues.Add((tenant, account.CurrentSecret, new SecretContext(tenant, "account", id, "password")));
            }
        }

        await foreach (var (tenant, id, target) in rows.ReadAsync<TargetState>("target", SecretSample))
        {
            if (target.AdminSecret.Length > 0)
            {
                sealedValues.Add((tenant, target.AdminSecret, new SecretContext(tenant, "target", id, "admin-password")));
            }
        }

        var failed = 0;
        foreach (var (tenant, sealedValue, context) in sealedValues)
        {
            if (!await OpensAsync(dataKeys.GetValueOrDefault(tenant), sealedValue, context, cancellationToken))
            {
                failed++;
                output.WriteLine($"secret {context.ObjectKind} {tenant}/{context.ObjectId}: does NOT open with the configured master key or keyring");
            }
        }

        output.WriteLine($"secrets: {sealedValues.Count - failed} of {sealedValues.Count} sampled account and target secrets open with the configured keys");
        return failed == 0;
    }

    private async Task<bool> OpensAsync(TenantKeysState? state, byte[] sealedValue, SecretContext context, CancellationToken cancellationToken)
    {
        try
        {
            var keyId = TenantVault.KeyIdOf(sealedValue);
            if (state?.Keys.FirstOrDefault(k => k.Id == keyId) is not { } record)
            {
                return false;
            }

            var dataKey = await keys.UnwrapAsync(new WrappedSecret(record.KekId, record.Wrapped), TenantVault.DataKeyAssociatedData(context.TenantId, record.Id), cancellationToken);
            try
            {
                _ = TenantVault.Open(dataKey, sealedValue, context);
                return true;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private async Task<bool> RemindersAsync(long expected, CancellationToken cancellationToken)
    {
        if (expected == 0)
        {
            output.WriteLine("reminders: the archive holds none");
            return true;
        }

        long rows = 0;
        var foreign = 0L;
        var query = tables.GetTableClient(KagiTables.Reminders).QueryAsync<TableEntity>(select: ["ServiceId"], cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            rows++;
            foreign += row.GetString("ServiceId") == serviceId ? 0 : 1;
        }

        output.WriteLine($"reminders: {rows:N0} rows in {KagiTables.Reminders} ({expected:N0} in the archive); "
            + $"a silo started with KAGI_SERVICE_ID={serviceId} reads them at start-up and fires those that are due");
        if (foreign > 0)
        {
            output.WriteLine($"reminders: {foreign:N0} belong to another service id and will not fire");
        }

        return rows >= expected && foreign == 0;
    }
}
