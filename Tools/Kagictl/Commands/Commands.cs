using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Configuration;
using Kagi.Kagictl.Archive;
using Kagi.Kagictl.Checks;
using Kagi.Kagictl.Storage;
using Kagi.Security;
using Kagi.Silo;

namespace Kagi.Kagictl.Commands;

/// <summary>The three commands, reading the silo's own settings (<c>KAGI_STORAGE_CONNECTION</c> or
/// <c>KAGI_STORAGE_ACCOUNT_URI</c>, <c>KAGI_SERVICE_ID</c>, and for restore <c>KAGI_MASTER_KEY</c> or <c>KAGI_KEYRING</c>).</summary>
public sealed class Commands(SettingsReader settings, TextWriter output, Progress progress, TimeProvider time)
{
    public const int Refused = 1;

    private string ServiceId => settings.Optional("SERVICE_ID") ?? "kagi";

    public async Task<int> BackupAsync(CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.AllowOnly("--key-file", "--out", "--out-dir", "--every", "--keep", "--tenant");
        var key = ReadKey(line);
        var tenant = line.Optional("--tenant") is { } raw
            ? Identifiers.CanonicalizeTenant(raw) ?? throw new UsageException($"--tenant '{raw}' is not a tenant id ({Identifiers.TenantRule}).")
            : null;
        var writer = new BackupWriter(Tables(), ServiceId, tenant is null ? null : new TenantScope(tenant, ServiceId), progress, time);
        if (line.Optional("--every") is { } every)
        {
            var directory = line.Optional("--out-dir") ?? throw new UsageException("backup --every writes into --out-dir.");
            var keep = int.TryParse(line.Optional("--keep") ?? "24", System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new UsageException("--keep is the number of archives to keep, 1 or more.");
            var interval = CommandLine.ParseInterval(every);
            if (interval < TimeSpan.FromMinutes(1))
            {
                throw new UsageException("--every is at least 1m.");
            }

            await new ScheduledBackup(writer, key, directory, tenant, keep, interval, progress, time).RunAsync(cancellationToken);
            return 0;
        }

        var path = line.Optional("--out") ?? throw new UsageException("backup needs --out FILE (or --out-dir with --every).");
        var counts = await writer.WriteAsync(path, key, cancellationToken);
        output.WriteLine($"wrote {path}: {counts.Values.Sum():N0} rows from {counts.Count} tables, {new FileInfo(path).Length:N0} bytes");
        return 0;
    }

    public int Verify(CommandLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.AllowOnly("--key-file", "--in");
        var path = line.Required("--in");
        var (manifest, counts) = ArchiveVerifier.Verify(path, ReadKey(line), progress);
        output.WriteLine($"{path}: whole and authentic; made {manifest.CreatedAt:u} for service id {manifest.ServiceId}, {(manifest.Tenant is null ? "all tenants" : "tenant " + manifest.Tenant)}");
        foreach (var (table, rows) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{table}\t{rows}");
        }

        return 0;
    }

    public async Task<int> RestoreAsync(CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.AllowOnly("--key-file", "--in", "--force");
        var path = line.Required("--in");
        var key = ReadKey(line);
        var keys = KeySettings.Read(settings);
        settings.ThrowIfInvalid();

        // Verify the whole archive before touching the account: a cut or altered archive writes nothing.
        var (manifest, expected) = ArchiveVerifier.Verify(path, key, progress);
        if (manifest.ServiceId != ServiceId)
        {
            output.WriteLine($"refused: the archive was made for service id {manifest.ServiceId}, but KAGI_SERVICE_ID is {ServiceId}; grain state and reminders are keyed by it, so the silo would not find them.");
            return Refused;
        }

        var tables = Tables();
        var restorer = new ArchiveRestorer(tables, progress);
        var nonEmpty = await restorer.NonEmptyTablesAsync(cancellationToken);
        if (nonEmpty.Count > 0 && !line.Flag("--force"))
        {
            output.WriteLine($"refused: the storage account is not empty ({string.Join(", ", nonEmpty)} hold rows); restore into an empty account, or add --force to write over it.");
            return Refused;
        }

        var audit = new AuditStreamCheck(new TableAuditStore(tables), new KekAuditKeyring(keys!), output);
        var sample = new ReadBackSample(tables, expected, output);
        using (var file = ArchiveVerifier.OpenArchive(path))
        using (var archive = new ArchiveReader(file, key))
        {
            try
            {
                var rows = await restorer.RestoreAsync(archive, overwrite: nonEmpty.Count > 0, async item =>
                {
                    await audit.ObserveAsync(item, cancellationToken);
                    sample.Observe(item);
                }, cancellationToken);
                output.WriteLine($"restored {rows.Values.Sum():N0} rows into {rows.Count} tables from {path}");
                await audit.VerifyReadBackAsync(cancellationToken);
            }
            catch (RestoreInterruptedException e)
            {
                output.WriteLine($"restore FAILED: {e.Message}");
                output.WriteLine("The account now holds part of the archive: do not start the silo on it. Once the cause is fixed, run the same restore again with --force; it writes every row over what is there.");
                return Refused;
            }
        }

        if (manifest.Tenant is { } restoredTenant)
        {
            var added = await new TenantDirectoryEntry(tables, ServiceId).EnsureListedAsync(restoredTenant, cancellationToken);
            output.WriteLine($"tenant directory: {restoredTenant} {(added ? "added" : "listed already")}");
        }

        var checks = new RestoreChecks(tables, keys!, ServiceId, output);
        var readBack = await sample.CheckAsync(cancellationToken);
        if (!(audit.Valid & readBack & await checks.RunAsync(expected.GetValueOrDefault(KagiTables.Reminders), cancellationToken)))
        {
            output.WriteLine("restore checks FAILED: do not start the silo on this account before finding out why.");
            return Refused;
        }

        output.WriteLine("restore checks passed");
        return 0;
    }

    private OperatorKey ReadKey(CommandLine line)
    {
        var path = line.Required("--key-file");
        return File.Exists(path) ? OperatorKey.Read(path, settings.Optional("MASTER_KEY")) : throw new UsageException($"--key-file {path} does not exist.");
    }

    private TableServiceClient Tables()
    {
        var storage = TableStorageSettings.Read(settings);
        settings.ThrowIfInvalid();
        return storage.CreateClient();
    }
}
