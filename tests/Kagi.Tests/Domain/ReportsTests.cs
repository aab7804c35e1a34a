using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Domain.Reports;
using Kagi.Reconciliation;
using Kagi.Reports;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>Report shaping, usage pairing, reconciliation matching and the PostgreSQL log parser.</summary>
public sealed class ReportsTests
{
    private static readonly DateTimeOffset T = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static List<AuditRecord> Records(params AuditEvent[] events)
    {
        var previous = AuditChain.GenesisHash;
        return events.Select((e, i) =>
        {
            var record = AuditChain.Link(i + 1, e, previous);
            previous = record.Hash;
            return record;
        }).ToList();
    }

    private static AuditEvent E(int minute, string actor, string action, string result = AuditResults.Success, string? account = null, string? request = null) =>
        new(T.AddMinutes(minute), actor, action, account ?? request, result, null, null) { AccountId = account, RequestId = request };

    [Fact]
    public void Change_reports_list_outcomes_of_their_own_actions_only()
    {
        var records = Records(
            E(0, "kagi:operator", "tenant.create"), E(1, "alice", "user.create", AuditResults.Intent), E(1, "alice", "user.create"),
            E(2, "alice", "target.create"), E(3, "alice", "account.create", account: "db"), E(4, "bob", "account.checkout", account: "db", request: "r1"),
            E(5, "kagi:system", "account.rotate", AuditResults.Failure, account: "db"), E(6, "bob", "auth.login"));

        Assert.Equal(["target.create", "account.create", "account.rotate"], AuditReports.AccountChanges(records).Select(r => r.Action));
        Assert.Equal(["tenant.create", "user.create"], AuditReports.UserChanges(records).Select(r => r.Action));
    }

    [Fact]
    public void Usage_pairs_each_check_out_with_the_next_check_in_of_that_account()
    {
        var usage = AuditReports.Usage(Records(
            E(0, "bob", "account.checkout", account: "db", request: "r1"), E(1, "eve", "account.checkout", AuditResults.Failure, account: "db", request: "r9"),
            E(2, "carol", "account.checkout", account: "web", request: "r2"), E(5, "kagi:system", "account.checkin", account: "db", request: "r1"),
            E(6, "bob", "account.checkout", account: "db", request: "r3")));

        Assert.Equal(3, usage.Count);
        Assert.Equal(new UsageRow("db", "bob", "r1", T, T.AddMinutes(5), "kagi:system", null), usage[0]);
        Assert.Equal(new UsageRow("web", "carol", "r2", T.AddMinutes(2), null, null, null), usage[1]);
        Assert.Equal(("db", "r3", (DateTimeOffset?)null), (usage[2].AccountId, usage[2].RequestId, usage[2].CheckedInAt));
    }

    [Fact]
    public void A_login_is_covered_only_inside_a_check_out_or_as_kagis_own_verification()
    {
        var records = Records(E(0, "alice", "account.create", account: "db"), E(10, "bob", "account.checkout", account: "db", request: "r1"),
            E(20, "bob", "account.checkin", account: "db"), E(30, "kagi:system", "account.rotate", account: "db"));
        var reconciliation = new UsageReconciliation(AuditReports.Usage(records), records, T.AddHours(1));
        ObservedLogin Login(double minute, string app, string user = "db_owner") => new(T.AddMinutes(minute), user, "10.0.0.5", "postgres", app);

        var rows = reconciliation.Reconcile("pg", "db", "db_owner", [
            Login(-0.5, UsageReconciliation.KagiApplication), Login(-0.5, "psql"), Login(9.99, "psql"), Login(10, "psql"), Login(15, "psql"),
            Login(20.01, "psql"), Login(21, "psql"), Login(29.5, UsageReconciliation.KagiApplication), Login(15, "psql", user: "someone_else"),
        ]).ToList();

        Assert.Equal(
            [("kagi", false), (null, true), (null, true), ("request r1", false), ("request r1", false), ("request r1", false), (null, true), ("kagi", false)],
            rows.Select(r => (r.CoveredBy, r.Flagged)));
    }

    [Fact]
    public void The_postgres_log_parser_reads_authorized_connections_with_their_client_host()
    {
        var log = new PostgresConnectionLog(TimeZoneInfo.Utc);
        foreach (var line in new[]
        {
            "2030-03-01 09:00:00.100 UTC [4711] LOG:  connection received: host=10.0.0.5 port=51234",
            "2030-03-01 09:00:00.120 UTC [4712] LOG:  connection received: host=[local]",
            "2030-03-01 09:00:00.200 UTC [4711] LOG:  connection authorized: user=db_owner database=postgres application_name=psql",
            "2030-03-01 09:00:00.300 UTC [4712] LOG:  connection authorized: user=postgres database=app",
            "2030-03-01 09:00:01.000 UTC [4713] FATAL:  password authentication failed for user \"db_owner\"",
            "2030-03-01 09:00:02.000 UTC [4714] LOG:  statement: select 'connection authorized: user=x database=y'",
        })
        {
            log.Read(line);
        }

        Assert.Equal(
            [new ObservedLogin(T.AddMilliseconds(200), "db_owner", "10.0.0.5", "postgres", "psql"), new ObservedLogin(T.AddMilliseconds(300), "postgres", "[local]", "app", null)],
            log.Logins);
    }

    [Fact]
    public void Log_times_in_a_named_zone_are_converted_to_utc()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var log = new PostgresConnectionLog(tokyo);
        log.Read("2030-03-01 18:00:00.000 JST [1] LOG:  connection authorized: user=db_owner database=postgres application_name=psql");

        Assert.Equal(T, Assert.Single(log.Logins).Time);
    }
}
