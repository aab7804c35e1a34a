using System.Net;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A one-tenant archive (<c>kagictl backup --tenant</c>) restored into an empty account brings back that tenant and
/// no other: its users sign in, its audit log takes appends and verifies (the audit log admits only tenants the
/// tenant directory lists, and a one-tenant archive leaves that Kagi-wide grain out, so the restore lists the tenant),
/// and the other tenant of the same deployment is not there.
/// </summary>
[CollectionCost(60)]
public sealed class TenantBackupRestoreTests
{
    [Fact]
    public async Task A_one_tenant_archive_restored_into_an_empty_account_brings_back_a_working_tenant_and_no_other()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        var tables = new TableServiceClient(azurite.Connection);
        var work = Directory.CreateTempSubdirectory("kagi-tenant-backup-test-").FullName;
        var kagi = new KagiDeployment(azurite.Connection);
        try
        {
            await kagi.InitializeAsync();
            var api = kagi.Api;
            var kept = await TenantScript.OpenAsync(api);
            var other = await TenantScript.OpenAsync(api);
            var recordsBefore = (await api.GetAsync($"/api/t/{kept.Id}/audit?limit=500", kept.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").GetArrayLength();
            var key = Path.Combine(work, "backup.key");
            await File.WriteAllBytesAsync(key, RandomNumberGenerator.GetBytes(32));
            var archive = Path.Combine(work, "tenant.kagibak");
            var backup = await KagictlProcess.RunAsync(kagi.Settings, "backup", "--key-file", key, "--out", archive, "--tenant", kept.Id);
            Assert.True(backup.Exit == 0, backup.Output + backup.Errors);

            await kagi.StopProcessesAsync();
            await foreach (var table in tables.QueryAsync())
            {
                await tables.DeleteTableAsync(table.Name);
            }

            var restored = await KagictlProcess.RunAsync(kagi.Settings, "restore", "--key-file", key, "--in", archive);
            Assert.True(restored.Exit == 0, restored.Output + restored.Errors);
            Assert.Contains($"tenant directory: {kept.Id} added", restored.Output, StringComparison.Ordinal);

            await kagi.StartProcessesAsync();
            var dave = await api.LoginAsync(kept.Id, "dave", TenantScript.UserPassword);
            var audit = (await api.GetAsync($"/api/t/{kept.Id}/audit?limit=500", dave)).ShouldBe(HttpStatusCode.OK);
            // The sign-in just now is on record, after everything restored: the restored audit log takes appends.
            var events = audit.Json.GetProperty("events").EnumerateArray().ToList();
            // Before the backup: the records then, and the read of them.
            Assert.True(events.Count >= recordsBefore + 2, $"{events.Count} records after the restore and a sign-in, {recordsBefore} before the backup");
            Assert.Equal("dave", events[0].GetProperty("actor").GetString());
            Assert.StartsWith("auth.", events[0].GetProperty("action").GetString(), StringComparison.Ordinal);
            var verify = (await api.GetAsync($"/api/t/{kept.Id}/audit/verify", dave)).ShouldBe(HttpStatusCode.OK);
            Assert.True(verify.Json.GetProperty("valid").GetBoolean(), verify.Body);
            var refused = await api.PostAsync($"/api/t/{other.Id}/auth/login", new { username = "dave", password = TenantScript.UserPassword }, null);
            Assert.NotEqual(HttpStatusCode.OK, refused.Status);
        }
        finally
        {
            await kagi.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }
}
