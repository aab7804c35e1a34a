using Azure.Data.Tables;
using Kagi.Kagictl;
using Kagi.Kagictl.Commands;
using Kagi.Kagictl.Storage;
using Xunit;

namespace Kagi.Tests.Backup;

/// <summary>Which rows a tenant's backup takes, in which order tables are read, what the schedule keeps.</summary>
public sealed class BackupRulesTests
{
    private readonly TenantScope _acme = new("acme", "kagi");

    [Theory]
    [InlineData("KagiGrainState", "kagi_tenant_acme", true)]
    [InlineData("KagiGrainState", "kagi_privilegedaccount_acme_db_owner", true)]
    [InlineData("KagiGrainState", "kagi_privilegedaccount_acme-corp_db_owner", false)]
    [InlineData("KagiGrainState", "kagi_tenant_acmex", false)]
    [InlineData("KagiGrainState", "other_tenant_acme", false)]
    [InlineData("KagiGrainState", "kagi_keyring_0", false)]
    [InlineData("KagiAudit", "acme", true)]
    [InlineData("KagiAudit", "acme!9223372036854775807", true)]
    [InlineData("KagiAudit", "acme!9223372036854775806", true)]
    [InlineData("KagiAudit", "acme-corp", false)]
    [InlineData("KagiAudit", "acme-corp!9223372036854775807", false)]
    [InlineData("KagiAuditCheckpoints", "acme!9223372036854775807", false)]
    [InlineData("KagiInventory", "acme", true)]
    public void A_tenant_backup_takes_the_rows_keyed_by_that_tenant(string table, string partition, bool taken)
    {
        Assert.Equal(taken, _acme.Holds(table, new TableEntity(partition, "row")));
    }

    [Theory]
    [InlineData("kagi", "tenant", "acme", true)]
    [InlineData("kagi", "privilegedaccount", "acme/db_owner", true)]
    [InlineData("kagi", "privilegedaccount", "acme-corp/db_owner", false)]
    [InlineData("kagi", "tenant", "acmex", false)]
    [InlineData("other", "tenant", "acme", false)]
    [InlineData("kagi", "keyring", "0", false)]
    public void A_tenant_backup_takes_the_grain_state_rows_of_that_tenants_grains(string serviceId, string type, string key, bool taken)
    {
        var (partition, row) = Kagi.Hosting.GrainStateLayout.AddressOf(serviceId, type, key, "state");
        var entity = new TableEntity(partition, row) { [Kagi.Hosting.GrainStateLayout.GrainColumn] = $"{type}/{key}" };
        Assert.Equal(taken, _acme.Holds("KagiGrains", entity));
    }

    [Theory]
    [InlineData("auditlog/acme", true)]
    [InlineData("privilegedaccount/acme/db_owner", true)]
    [InlineData("auditlog/acme-corp", false)]
    [InlineData("keyring/0", false)]
    public void A_tenant_backup_takes_the_reminders_of_that_tenants_grains(string grain, bool taken)
    {
        Assert.Equal(taken, _acme.Holds("KagiReminders", new TableEntity("kagi_0A1B2C3D", grain.Replace('/', '_') + "-x") { ["GrainReference"] = grain }));
    }

    [Fact]
    public void Checkpoints_are_read_before_the_records_they_sign()
    {
        Assert.Equal(["KagiAuditCheckpoints", "KagiAudit", "KagiGrains", "KagiReminders"],
            KagiTables.Order(["KagiReminders", "KagiAudit", "KagiGrains", "KagiAuditCheckpoints"]));
    }

    [Fact]
    public void The_schedule_keeps_the_newest_archives_of_its_own_scope_only()
    {
        var start = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
        var all = Enumerable.Range(0, 5).Select(h => Retention.FileName(start.AddHours(h), null)).ToList();
        var tenant = Retention.FileName(start, "acme");
        var names = all.Concat([tenant, all[^1] + ".partial", "notes.txt"]).Reverse().ToList();

        Assert.Equal(all[..2], Retention.ToDelete(names, null, keep: 3));
        Assert.Empty(Retention.ToDelete(names, "acme", keep: 1));
        Assert.Equal("kagi-backup-20261205T030000Z.kagibak", all[3]);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    public void Intervals_are_a_number_and_a_unit(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CommandLine.ParseInterval(text));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("h")]
    [InlineData("0h")]
    [InlineData("-1h")]
    [InlineData("1w")]
    public void Other_intervals_are_refused(string text)
    {
        Assert.Throws<UsageException>(() => CommandLine.ParseInterval(text));
    }
}
