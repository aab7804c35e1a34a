using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Errors;
using Kagi.Reports;
using Kagi.Siem;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>Audit settings are checked by the domain, whoever calls the grain, not only by the Frontend's validator.</summary>
public sealed class AuditSettingsRulesTests
{
    private static readonly ScheduledReport Daily = new("daily-users", "user-changes", "daily", ["audit@acme.test"]);

    private static readonly SiemDestination Syslog = new("syslog", SiemKinds.Syslog, "siem.acme.test", 6514, true, null);

    private static string Refusal(AuditSettings settings) =>
        Assert.Throws<KagiException>(() => AuditSettingsRules.Validate(settings)) is { Code: ProblemCode.Invalid } e ? e.Message : "not invalid";

    [Fact]
    public void Settings_within_the_rules_pass()
    {
        AuditSettingsRules.Validate(new AuditSettings(365)
        {
            Siem = [Syslog, new SiemDestination("http", SiemKinds.Http, null, 0, false, "https://user:***@siem.acme.test/ingest")],
            Reports = [Daily, Daily with { Id = "monthly-usage", Report = "usage", Schedule = "monthly" }],
        });
    }

    [Theory]
    [InlineData(29)]
    [InlineData(3651)]
    public void Retention_outside_30_to_3650_days_is_refused(int days)
    {
        Assert.Contains("Retention", Refusal(new AuditSettings(days)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus", "daily", "audit@acme.test")]
    [InlineData("Reconciliation", "daily", "audit@acme.test")]
    [InlineData("usage", "hourly", "audit@acme.test")]
    [InlineData("usage", "daily", "not an address")]
    public void A_report_of_unknown_kind_or_period_or_to_no_real_address_is_refused(string kind, string schedule, string recipient)
    {
        Refusal(new AuditSettings(365) { Reports = [new ScheduledReport("r1", kind, schedule, [recipient])] });
    }

    [Fact]
    public void A_report_without_recipients_or_with_a_taken_id_is_refused()
    {
        Refusal(new AuditSettings(365) { Reports = [Daily with { Recipients = [] }] });
        Assert.Contains("unique", Refusal(new AuditSettings(365) { Reports = [Daily, Daily with { Report = "usage" }] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Siem_destinations_need_a_reachable_address_a_unique_id_and_pem_certificates()
    {
        Refusal(new AuditSettings(365) { Siem = [Syslog with { Port = 0 }] });
        Refusal(new AuditSettings(365) { Siem = [Syslog with { Host = " " }] });
        Refusal(new AuditSettings(365) { Siem = [new SiemDestination("h", SiemKinds.Http, null, 0, false, "ftp://siem.acme.test/")] });
        Refusal(new AuditSettings(365) { Siem = [Syslog with { Kind = "kafka" }] });
        Refusal(new AuditSettings(365) { Siem = [Syslog with { CaCertificate = "not a certificate" }] });
        Refusal(new AuditSettings(365) { Siem = [Syslog with { Id = "Bad Id" }] });
        Assert.Contains("unique", Refusal(new AuditSettings(365) { Siem = [Syslog, Syslog with { Port = 514 }] }), StringComparison.Ordinal);
    }
}
