using System.Text.Json;
using Kagi.Notifications;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Issue 14: an account found out of sync by its heartbeat (a reminder at its one-minute minimum, against the real
/// PostgreSQL target whose password was changed behind Kagi's back) is told to the tenant's admins by mail in
/// Japanese and English and by a signed webhook within a minute of the heartbeat that found it. In the real-time
/// reminder cluster, so the minute of waiting for the heartbeat overlaps the other collections.
/// </summary>
[Collection(RealTimeScheduleTests.Name)]
public sealed class OutOfSyncIncidentTests(KagiClusterFixture fixture)
{
    private const string AccountId = "db-owner";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task An_account_out_of_sync_found_by_a_heartbeat_is_told_to_the_admins_in_their_languages_within_a_minute()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var incident = await IncidentWorld.CreateAsync(fixture.Grains, mail, () => DateTimeOffset.UtcNow, ownRelay: true);
        var admin = incident.World.Admin;
        var (targetAdmin, targetAdminPassword) = await PostgresRoles.CreateAsync("kagi_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("kagi_owner");
        await fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(incident.TenantId, "pg")).RegisterAsync(admin,
            new TargetRegistration("postgres", PostgresRoles.Host, PostgresRoles.Port, "postgres", targetAdmin, targetAdminPassword));
        var account = fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(incident.TenantId, AccountId));
        await account.RegisterAsync(admin, new AccountRegistration("pg", role, password));
        await account.SetPolicyAsync(admin, new AccountPolicy { Heartbeat = TimeSpan.FromMinutes(1) });
        var changedBehindOurBack = PostgresRoles.NewPassword();
        await PostgresRoles.SetPasswordAsync(role, changedBehindOurBack);

        var history = await Eventually.Async(() => account.GetRotationHistoryAsync(admin),
            h => h.Any(e => e is { Trigger: "heartbeat", Outcome: "out-of-sync" }), Patience);
        var found = history.First(e => e is { Trigger: "heartbeat", Outcome: "out-of-sync" });

        var (japanese, english, webhook) = await incident.ToldAsync(NotificationEvents.SecurityAccountOutOfSync, found.At);
        Assert.Equal($"[Kagi] セキュリティ警告: アカウント {AccountId} が同期していません（{incident.TenantId}）", japanese.Subject);
        Assert.Contains($"Kagi が保持するアカウント {AccountId}（ターゲット pg の {role}）のパスワードでログインできなくなりました", japanese.TextBody, StringComparison.Ordinal);
        Assert.Contains("heartbeat により検出", japanese.TextBody, StringComparison.Ordinal);
        Assert.Equal($"[Kagi] SECURITY: account {AccountId} is out of sync ({incident.TenantId})", english.Subject);
        Assert.Contains($"account {AccountId} ({role} on target pg) no longer logs in, found by heartbeat at", english.TextBody, StringComparison.Ordinal);
        using var payload = JsonDocument.Parse(webhook.Body);
        Assert.Equal((AccountId, "heartbeat"), (payload.RootElement.GetProperty("data").GetProperty("accountId").GetString(),
            payload.RootElement.GetProperty("data").GetProperty("trigger").GetString()));
        Assert.Contains(await incident.NoticesAsync("alice"), n => n.Kind == "account-out-of-sync" && n.Message == english.Subject);
        // Neither password reaches a mail or the webhook.
        foreach (var secret in new[] { password, changedBehindOurBack })
        {
            Assert.DoesNotContain(secret, japanese.TextBody + english.TextBody + webhook.Body, StringComparison.Ordinal);
        }
    }
}
