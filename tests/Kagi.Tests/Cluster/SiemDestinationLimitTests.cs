using Kagi.Audit;
using Kagi.Errors;
using Kagi.Siem;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>The audit log keeps at most <see cref="AuditLimits.MaximumSiemDestinations"/> SIEM destinations a tenant.</summary>
[Collection(KagiClusterGroup.Name)]
public sealed class SiemDestinationLimitTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task More_siem_destinations_than_the_cap_are_refused_and_nothing_is_stored()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Siem cap", "admin", TenantWorld.AdminPassword));
        var admin = new Caller(tenantId, "admin", [KagiRoles.Admin], "10.0.0.1");
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        var tooMany = Enumerable.Range(1, AuditLimits.MaximumSiemDestinations + 1)
            .Select(i => new SiemDestination($"lake{i}", SiemKinds.Syslog, "127.0.0.1", 1, false, null))
            .ToArray();

        var refused = await Assert.ThrowsAsync<KagiException>(() => log.SetSettingsAsync(admin, new AuditSettings(365) { Siem = [.. tooMany] }));

        Assert.Equal(ProblemCode.Invalid, refused.Code);
        Assert.Contains($"at most {AuditLimits.MaximumSiemDestinations}", refused.Message, StringComparison.Ordinal);
        Assert.Empty((await log.GetSettingsAsync(admin)).Siem);
    }
}
