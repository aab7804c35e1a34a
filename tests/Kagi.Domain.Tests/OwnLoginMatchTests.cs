using Kagi.Audit;
using Kagi.Connectors;
using Kagi.Domain.Reports;
using Kagi.Reports;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>Which sshd log lines were Kagi's own logins, from the journal of the logins Kagi made.</summary>
public sealed class OwnLoginMatchTests
{
    private static readonly DateTimeOffset T = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static LoginEvent Line(double seconds, string user = "app", string address = "10.0.0.9", int port = 40000) =>
        new(T.AddSeconds(seconds), user, address) { SourcePort = port };

    private static OwnLogin Own(double seconds, string user = "app", string? address = "10.0.0.9", int? port = 40000) =>
        new(user, T.AddSeconds(seconds), T.AddSeconds(seconds + 0.4), address, port);

    [Fact]
    public void A_line_with_the_address_and_port_Kagi_noted_is_Kagis_even_with_the_targets_clock_a_minute_off()
    {
        Assert.Equal([true, false], OwnLoginMatch.Mark([Line(60, port: 40000), Line(60, port: 40001)], [Own(0, port: 40000)]));
    }

    [Fact]
    public void Syslog_truncating_the_time_to_the_second_still_matches()
    {
        // Kagi connected at 09:00:00.900; syslog wrote 09:00:00.
        Assert.Equal([true], OwnLoginMatch.Mark([Line(0)], [Own(0.9, address: null, port: null)]));
    }

    [Fact]
    public void Same_port_from_another_address_or_as_another_user_is_not_Kagis()
    {
        Assert.Equal([false, false], OwnLoginMatch.Mark([Line(0, address: "10.0.0.66"), Line(0, user: "root")], [Own(0)]));
    }

    [Fact]
    public void An_IPv4_mapped_address_is_the_same_client()
    {
        Assert.Equal([true], OwnLoginMatch.Mark([Line(0, address: "10.0.0.9")], [Own(0, address: "::ffff:10.0.0.9")]));
    }

    [Fact]
    public void A_noted_endpoint_never_falls_back_to_time_alone()
    {
        // The right second, a different port: a person's login beside Kagi's, not Kagi's (whose line is missing).
        Assert.Equal([false], OwnLoginMatch.Mark([Line(0, port: 50000)], [Own(0, port: 40000)]));
    }

    [Fact]
    public void Beyond_the_clock_tolerance_Kagis_own_login_is_flagged_rather_than_anything_excused()
    {
        Assert.Equal([false], OwnLoginMatch.Mark([Line(200)], [Own(0)]));
        Assert.Equal([false], OwnLoginMatch.Mark([Line(4)], [Own(0, address: null, port: null)]));
    }

    [Fact]
    public void One_journal_entry_explains_one_line_only_so_a_login_at_the_same_moment_stays_flagged()
    {
        var marks = OwnLoginMatch.Mark([Line(0, port: 40000), Line(0.5, port: 40002)], [Own(0, address: null, port: null)]);

        Assert.Equal(1, marks.Count(m => m));
        Assert.Equal(1, marks.Count(m => !m));
    }

    [Fact]
    public void Entries_with_an_endpoint_are_matched_first_so_a_time_only_entry_gets_the_other_line()
    {
        // The time-only entry (earlier) would take the closest line, the one the exact entry needs, if it went first.
        var marks = OwnLoginMatch.Mark([Line(0, port: 40000), Line(1.5, port: 40005)], [Own(-0.2, address: null, port: null), Own(0, port: 40000)]);

        Assert.Equal([true, true], marks);
    }

    [Fact]
    public void Nothing_noted_marks_nothing()
    {
        Assert.Equal([false, false], OwnLoginMatch.Mark([Line(0), Line(1)], []));
    }

    [Fact]
    public void Reconciliation_covers_a_login_marked_as_Kagis_whenever_it_happened_and_flags_its_unmarked_twin()
    {
        // No registration or rotation record nearby: a heartbeat, say.
        var reconciliation = new UsageReconciliation([], Array.Empty<AuditRecord>(), T.AddHours(1));

        var rows = reconciliation.Reconcile("linux", "app", "app", [
            new ObservedLogin(T.AddMinutes(30), "app", "10.0.0.9", null, null) { ByKagi = true },
            new ObservedLogin(T.AddMinutes(30), "app", "10.0.0.9", null, null),
        ]).ToList();

        Assert.Equal([("kagi", false), (null, true)], rows.Select(r => (r.CoveredBy, r.Flagged)));
    }

    [Fact]
    public void A_login_logged_on_a_whole_second_is_covered_by_a_check_out_that_began_within_that_second()
    {
        var checkout = new UsageRow("app", "bob", "r1", T.AddMilliseconds(400), T.AddMinutes(5), "bob", null);
        var reconciliation = new UsageReconciliation([checkout], Array.Empty<AuditRecord>(), T.AddHours(1));

        var rows = reconciliation.Reconcile("linux", "app", "app", [
            new ObservedLogin(T, "app", "10.0.0.9", null, null), // syslog's 09:00:00 may be 09:00:00.9
            new ObservedLogin(T.AddMilliseconds(300), "app", "10.0.0.9", null, null), // a precise time before the check-out is not
            new ObservedLogin(T.AddSeconds(-1), "app", "10.0.0.9", null, null),
        ]).ToList();

        // Oldest first: 08:59:59, 09:00:00, 09:00:00.3.
        Assert.Equal([(null, true), ("request r1", false), (null, true)], rows.Select(r => (r.CoveredBy, r.Flagged)));
    }
}
