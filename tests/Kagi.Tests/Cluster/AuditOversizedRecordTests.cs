using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Issue 10, item 5: one record far beyond what a table row holds, appended among ordinary ones that group commit
/// stores in the same batch, fails none of them: every append gets its place in the chain, the chain verifies, and
/// the oversized record is stored cut, saying so.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class AuditOversizedRecordTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task An_oversized_record_among_others_is_stored_truncated_and_fails_none_of_its_batch()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Bounds", "admin", TenantWorld.AdminPassword));
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        var auditor = new Caller(tenantId, "dave", [KagiRoles.Auditor], null);
        var huge = new string('x', 1_000_000);
        var now = DateTimeOffset.UtcNow;

        var sequences = await Task.WhenAll(Enumerable.Range(1, 30).Select(i => log.AppendAsync(i == 15
            ? new AuditEvent(now, "alice", "account.checkout", huge, AuditResults.Success, "10.0.0.1", huge)
            : new AuditEvent(now, "alice", "account.checkout", "db", AuditResults.Success, "10.0.0.1", $"event {i}"))));

        Assert.All(sequences, sequence => Assert.NotNull(sequence));
        Assert.Equal(30, sequences.Distinct().Count());
        var verification = await log.VerifyAsync(auditor);
        Assert.True(verification.Valid, $"{verification.Problem} at {verification.FirstBroken}");
        var cut = Assert.Single((await log.ReadAsync(auditor, null, 100)).Records, r => r.Event.Detail!.EndsWith(AuditEventBounds.Marker, StringComparison.Ordinal));
        Assert.Equal(AuditEventBounds.DetailLength, cut.Event.Detail!.Length);
        Assert.Equal(AuditEventBounds.SubjectLength, cut.Event.Subject!.Length);
    }
}
