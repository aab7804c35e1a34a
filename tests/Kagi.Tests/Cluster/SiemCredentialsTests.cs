using Kagi.Audit;
using Kagi.Siem;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// An HTTP SIEM URL with credentials in its user info and query: the stored state holds them only
/// sealed, the settings answer them redacted, the receiver still gets them, and a data-key rotation
/// re-seals them without restarting delivery.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class SiemCredentialsTests(KagiClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_siem_url_with_credentials_is_stored_sealed_shown_redacted_and_still_delivers_across_a_data_key_rotation()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Siem", "admin", TenantWorld.AdminPassword));
        var admin = new Caller(tenantId, "admin", [KagiRoles.Admin], "10.0.0.1");
        var (password, token) = ("p@ss-" + Guid.NewGuid().ToString("N")[..8], "tok" + Guid.NewGuid().ToString("N")[..12]);
        await using var receiver = SiemHttpReceiver.Start("siem-user", password, token);
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        var forwarder = fixture.Grains.GetGrain<ISiemForwarderGrain>(GrainKeys.For(tenantId, "lake"));

        var answered = await log.SetSettingsAsync(admin, new AuditSettings(365) { Siem = [new SiemDestination("lake", SiemKinds.Http, null, 0, false, receiver.Url)] });
        var first = await AppendAsync(log, "first");
        var delivered = await receiver.WaitForAsync(tenantId, first, Patience);

        var shown = Assert.Single(answered.Siem).Url!;
        Assert.Equal(receiver.Url[..7] + "***@" + receiver.Url[(receiver.Url.IndexOf('@', StringComparison.Ordinal) + 1)..receiver.Url.IndexOf('?', StringComparison.Ordinal)] + "?***", shown);
        Assert.Equal(shown, Assert.Single((await log.GetSettingsAsync(admin)).Siem).Url);
        Assert.Null(Assert.Single((await log.GetSettingsAsync(admin)).Siem).SealedUrl);
        await AssertNotStoredAsync(tenantId, password, token);
        Assert.All(delivered, r => Assert.Equal("?token=" + token, r.Query));
        Assert.DoesNotContain(delivered, r => r.RawUrl.Contains("siem-user", StringComparison.Ordinal));

        var keys = fixture.Grains.GetGrain<ITenantKeyGrain>(tenantId);
        await fixture.Grains.RotateDataKeyAsync(tenantId, admin);
        var done = await Eventually.Async(() => keys.GetStatusAsync(admin), s => !s.Reencrypting, Patience);
        var cursor = (await PersistedState.ReadAsync<SiemForwarderState>(fixture.Cluster, forwarder, "siem")).Cursor;
        // The admin puts back what they were shown: the sealed URL stays, delivery goes on where it was.
        await log.SetSettingsAsync(admin, new AuditSettings(365) { Siem = [new SiemDestination("lake", SiemKinds.Http, null, 0, false, shown)] });
        var second = await AppendAsync(log, "second");
        var afterwards = await receiver.WaitForAsync(tenantId, second, Patience);

        Assert.Equal(1, done.LastReencryptedObjects);
        Assert.True(cursor >= first);
        await AssertNotStoredAsync(tenantId, password, token);
        Assert.Equal(afterwards.Select(r => r.Sequence).Distinct().Count(), afterwards.Count); // nothing sent twice: no restart from the start
        Assert.Equal(0, receiver.Refused);
    }

    [Fact]
    public async Task Settings_stored_before_urls_were_sealed_still_load_show_redacted_and_are_sealed_by_the_next_rotation()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        var admin = new Caller(tenantId, "admin", [KagiRoles.Admin], "10.0.0.1");
        var token = "tok" + Guid.NewGuid().ToString("N")[..12];
        await using var receiver = SiemHttpReceiver.Start("siem-user", "old-shape-pass", token);
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        // The shape an earlier version stored: the URL in plain, no sealed member.
        await PersistedState.WriteAsync(fixture.Cluster, log, "auditLog", new AuditLogState { Siem = [new SiemDestination("lake", SiemKinds.Http, null, 0, false, receiver.Url)] });
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Siem", "admin", TenantWorld.AdminPassword));

        var shown = Assert.Single((await log.GetSettingsAsync(admin)).Siem).Url!;
        var plainBefore = (await StoredGrainState.ReadAsync(fixture.Cluster.Options.ServiceId, tenantId)).Any(row => StoredGrainState.AsText(row).Contains(token, StringComparison.Ordinal));
        var keys = fixture.Grains.GetGrain<ITenantKeyGrain>(tenantId);
        await fixture.Grains.RotateDataKeyAsync(tenantId, admin);
        var done = await Eventually.Async(() => keys.GetStatusAsync(admin), s => !s.Reencrypting, Patience);
        var sequence = await AppendAsync(log, "after sealing");
        var delivered = await receiver.WaitForAsync(tenantId, sequence, Patience);

        Assert.EndsWith("/siem/ingest?***", shown, StringComparison.Ordinal);
        Assert.True(plainBefore, "the old shape was stored in plain");
        Assert.Equal(1, done.LastReencryptedObjects);
        await AssertNotStoredAsync(tenantId, "old-shape-pass", token);
        Assert.Equal(shown, Assert.Single((await log.GetSettingsAsync(admin)).Siem).Url);
        Assert.Contains(delivered, r => r.Sequence == sequence);
        Assert.Equal(0, receiver.Refused);
    }

    private static async Task<long> AppendAsync(IAuditLogGrain log, string detail) =>
        (await log.AppendAsync(new AuditEvent(DateTimeOffset.UtcNow, "admin", "test.siem", null, AuditResults.Success, null, detail)))!.Value;

    private async Task AssertNotStoredAsync(string tenantId, string password, string token)
    {
        var rows = await StoredGrainState.ReadAsync(fixture.Cluster.Options.ServiceId, tenantId);
        Assert.NotEmpty(rows);
        Assert.DoesNotContain(rows, row => StoredGrainState.AsText(row).Contains(token, StringComparison.Ordinal)
            || StoredGrainState.AsText(row).Contains(Uri.EscapeDataString(password), StringComparison.Ordinal) || StoredGrainState.AsText(row).Contains(password, StringComparison.Ordinal));
    }
}
