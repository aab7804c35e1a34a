using Kagi.Audit;
using Kagi.Reports;

namespace Kagi.Domain.Reports;

/// <summary>
/// Matches logins seen on a target against what Kagi allowed: a login of a managed account is
/// covered by an approved check-out whose lease was open at that moment, or, when it announces
/// itself as Kagi, by Kagi's own verification login just before a registration or rotation record
/// of that account; a login the source already matched with Kagi's journal of its own logins
/// (<see cref="ObservedLogin.ByKagi"/>, SSH) is Kagi's whenever it happened. Anything else is flagged.
/// </summary>
public sealed class UsageReconciliation
{
    /// <summary>Kagi's own logins happen shortly before the outcome record of the operation.</summary>
    public static readonly TimeSpan OwnLoginLead = TimeSpan.FromMinutes(2);

    /// <summary>The application name Kagi's own connections announce. Only logins announcing it can
    /// be Kagi's: anyone else's login near a rotation is still checked against check-outs.</summary>
    public const string KagiApplication = "kagi-vault";

    /// <summary><see cref="ReconciliationRow.CoveredBy"/> of Kagi's own logins.</summary>
    public const string Kagi = "kagi";

    /// <summary>Clock difference tolerated between the target's log and Kagi at the end of a window.
    /// None at the start: the password is revealed only after the check-out record is stored, so a
    /// login before that moment was not made with it (a skewed target clock errs towards flagging).</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(1);

    /// <summary>The latest moment a login logged at <paramref name="time"/> may have happened: syslog (sshd's
    /// auth log) truncates to the second, so a time on a whole second stands for that whole second.</summary>
    public static DateTimeOffset Latest(DateTimeOffset time) =>
        time.UtcTicks % TimeSpan.TicksPerSecond == 0 ? time.AddTicks(TimeSpan.TicksPerSecond - 1) : time;

    private readonly List<(string AccountId, DateTimeOffset From, DateTimeOffset Until, string CoveredBy)> _windows = [];

    /// <param name="usage">Check-outs (an open one lasts until <paramref name="openUntil"/>).</param>
    /// <param name="oldestFirst">The account records of the period, for Kagi's own operations.</param>
    public UsageReconciliation(IEnumerable<UsageRow> usage, IEnumerable<AuditRecord> oldestFirst, DateTimeOffset openUntil)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(oldestFirst);
        foreach (var row in usage)
        {
            _windows.Add((row.AccountId, row.CheckedOutAt, (row.CheckedInAt ?? openUntil) + ClockTolerance, "request " + row.RequestId));
        }

        foreach (var e in oldestFirst.Select(r => r.Event))
        {
            if (e.AccountId is not null && e.Result != AuditResults.Intent && e.Action is "account.create" or "account.rotate")
            {
                _windows.Add((e.AccountId, e.Time - OwnLoginLead, e.Time + ClockTolerance, Kagi));
            }
        }
    }

    /// <summary>Rows for the logins of <paramref name="username"/> (account <paramref name="accountId"/>) on a target.</summary>
    public IEnumerable<ReconciliationRow> Reconcile(string targetId, string accountId, string username, IEnumerable<ObservedLogin> logins)
    {
        ArgumentNullException.ThrowIfNull(logins);
        foreach (var login in logins.Where(l => string.Equals(l.Username, username, StringComparison.Ordinal)).OrderBy(l => l.Time))
        {
            var latest = Latest(login.Time);
            var covering = _windows.Where(w => w.AccountId == accountId && latest >= w.From && login.Time <= w.Until).Select(w => w.CoveredBy).ToList();
            var cover = login.ByKagi || (login.Application == KagiApplication && covering.Contains(Kagi))
                ? Kagi
                : covering.FirstOrDefault(c => c != Kagi);
            yield return new ReconciliationRow(targetId, accountId, username, login.Time, login.ClientHost, login.Application, cover, Flagged: cover is null);
        }
    }
}
