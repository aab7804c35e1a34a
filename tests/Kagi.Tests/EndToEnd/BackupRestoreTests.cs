using System.Net;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Kagi.Kagictl.Archive;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// kagictl against a deployment of its own on a private Azurite: back up, wipe every table, refuse a cut and an
/// altered archive without writing a row, restore, and the loop carries on: the restored users sign in, the
/// restored sealed password checks out and logs in to the real PostgreSQL target, and the audit chain verifies.
/// </summary>
[CollectionCost(117)]
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task Backup_wipe_and_restore_brings_back_a_kagi_whose_whole_loop_still_works()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        var tables = new TableServiceClient(azurite.Connection);
        var work = Directory.CreateTempSubdirectory("kagi-backup-test-").FullName;
        var kagi = new KagiDeployment(azurite.Connection);
        try
        {
            await kagi.InitializeAsync();
            var api = kagi.Api;
            var tenant = await TenantScript.OpenAsync(api);
            var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("bk_admin", "CREATEROLE");
            var (role, initialPassword) = await PostgresRoles.CreateAsync("bk_owner");
            (await api.PostAsync($"/api/t/{tenant.Id}/targets", new
            {
                id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres", adminUsername = adminRole, adminPassword,
            }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
            (await api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin))
                .ShouldBe(HttpStatusCode.Created);
            var requestId = (await api.PostAsync($"/api/t/{tenant.Id}/requests", new
            {
                accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(2), reason = "backup drill",
            }, tenant.Bob)).ShouldBe(HttpStatusCode.Created).Text("id");
            (await api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
            var first = (await api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("password");
            (await api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkin", null, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
            Assert.False(await PostgresRoles.CanLogInAsync(role, first), "check-in rotated the password");
            var auditBefore = (await api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").GetArrayLength();

            var key = Path.Combine(work, "backup.key");
            await File.WriteAllBytesAsync(key, RandomNumberGenerator.GetBytes(32));
            var archive = Path.Combine(work, "kagi.kagibak");
            var backup = await KagictlProcess.RunAsync(kagi.Settings, "backup", "--key-file", key, "--out", archive);
            Assert.True(backup.Exit == 0, backup.Output + backup.Errors);
            var verified = await KagictlProcess.RunAsync(kagi.Settings, "verify-backup", "--key-file", key, "--in", archive);
            Assert.True(verified.Exit == 0, verified.Output + verified.Errors);
            var archived = verified.Output.Split('\n').Select(l => l.Split('\t')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((await RowCountsAsync(tables)).Keys.Order(StringComparer.Ordinal), archived.Keys.Order(StringComparer.Ordinal));
            Assert.True(archived["KagiAudit"] >= auditBefore && archived["KagiReminders"] > 0 && archived["KagiGrains"] > 0, verified.Output);
            var plaintext = ArchivePlaintext(archive, key);
            foreach (var secret in new[] { initialPassword, adminPassword, first, TenantScript.AdminPassword, TenantScript.UserPassword, kagi.Settings["KAGI_MASTER_KEY"] })
            {
                Assert.DoesNotContain(secret, plaintext, StringComparison.Ordinal);
            }

            var intoFull = await KagictlProcess.RunAsync(kagi.Settings, "restore", "--key-file", key, "--in", archive);
            Assert.Equal(1, intoFull.Exit);
            Assert.Contains("not empty", intoFull.Output, StringComparison.Ordinal);

            await kagi.StopProcessesAsync();
            await foreach (var table in tables.QueryAsync())
            {
                await tables.DeleteTableAsync(table.Name);
            }

            var bytes = await File.ReadAllBytesAsync(archive);
            var cut = Path.Combine(work, "cut.kagibak");
            await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length - 7)]);
            var tampered = Path.Combine(work, "tampered.kagibak");
            bytes[bytes.Length / 2] ^= 0x20;
            await File.WriteAllBytesAsync(tampered, bytes);
            var refusedCut = await KagictlProcess.RunAsync(kagi.Settings, "restore", "--key-file", key, "--in", cut);
            Assert.Equal(1, refusedCut.Exit);
            Assert.Contains("truncated", refusedCut.Errors, StringComparison.Ordinal);
            var refusedTampered = await KagictlProcess.RunAsync(kagi.Settings, "restore", "--key-file", key, "--in", tampered);
            Assert.Equal(1, refusedTampered.Exit);
            Assert.Contains("does not authenticate", refusedTampered.Errors, StringComparison.Ordinal);
            Assert.Empty(await RowCountsAsync(tables));

            var restored = await KagictlProcess.RunAsync(kagi.Settings, "restore", "--key-file", key, "--in", archive);
            Assert.True(restored.Exit == 0, restored.Output + restored.Errors);
            Assert.Contains($"audit {tenant.Id}: ", restored.Output, StringComparison.Ordinal);
            Assert.Matches(@"secrets: ([1-9]\d*) of \1 sampled", restored.Output);
            Assert.Equal(archived, await RowCountsAsync(tables));

            await kagi.StartProcessesAsync();
            var bob = await api.LoginAsync(tenant.Id, "bob", TenantScript.UserPassword);
            var dave = await api.LoginAsync(tenant.Id, "dave", TenantScript.UserPassword);
            var second = (await api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, bob)).ShouldBe(HttpStatusCode.OK).Text("password");
            Assert.True(await PostgresRoles.CanLogInAsync(role, second), "the restored sealed password logs in to the target");
            (await api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkin", null, bob)).ShouldBe(HttpStatusCode.OK);
            var verify = (await api.GetAsync($"/api/t/{tenant.Id}/audit/verify", dave)).ShouldBe(HttpStatusCode.OK);
            Assert.True(verify.Json.GetProperty("valid").GetBoolean(), verify.Body);
        }
        finally
        {
            await kagi.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    // Every string and binary value of every row, as text: what a thief with the backup key would read.
    private static string ArchivePlaintext(string archive, string keyFile)
    {
        using var input = File.OpenRead(archive);
        using var reader = new ArchiveReader(input, OperatorKey.Read(keyFile, null));
        var text = new System.Text.StringBuilder();
        while (reader.Next() is { } item)
        {
            if (item is RowRead read)
            {
                foreach (var (_, value) in read.Row)
                {
                    text.Append(value switch
                    {
                        string s => s,
                        byte[] b => System.Text.Encoding.UTF8.GetString(b) + Convert.ToBase64String(b),
                        _ => "",
                    }).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static async Task<Dictionary<string, long>> RowCountsAsync(TableServiceClient tables)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var table in tables.QueryAsync())
        {
            long rows = 0;
            await foreach (var _ in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                rows++;
            }

            counts[table.Name] = rows;
        }

        return counts;
    }
}
