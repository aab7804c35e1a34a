using System.Globalization;
using System.Text;

namespace Kagi.Benchmarks.Due;

/// <summary>The results file of the due-rotations benchmark.</summary>
internal static class DueReport
{
    public static string Write(DueRun run, string tenant)
    {
        var inv = CultureInfo.InvariantCulture;
        var done = run.Completions();
        var due = run.DueMinute;
        var counts = run.Histories.Values.Select(h => h.Count(DueRun.IsScheduledCompletion)).ToList();
        var failures = run.Histories.Values.Sum(h => h.Count(e => e.Outcome != "completed"));
        var last = done.Count > 0 ? done[^1] - due : TimeSpan.Zero;
        var ideal = TimeSpan.FromMinutes(Math.Max(10, (double)Math.Max(0, run.Accounts - run.Burst) / run.PerMinute));
        var text = new StringBuilder();
        text.AppendLine(inv, $"# Due rotations (issue 15, P3 second half), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(inv, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. Load average (1, 5, 15 min) {run.LoadBefore} before the run, {run.LoadAfterRotations} after the rotations, {run.LoadAfter} at the end: **the machine was shared with other builds and test runs**.");
        text.AppendLine(inv, $"Kagi: one silo and one Frontend (`run.sh`), a PostgreSQL target with {run.Accounts} real roles; tenant `{tenant}`. Set-up (roles by SQL, CSV import jobs of at most 5,000 rows) took {run.SetupTime.TotalSeconds:F0} s; the {run.Accounts} policies (`PUT …/policy`, the same daily cron minute, {due:HH:mm} UTC) took {run.PolicyTime.TotalSeconds:F0} s. Target pacing `rateLimit` {run.PerMinute} a minute, burst {run.Burst}.");
        text.AppendLine();
        text.AppendLine("| what | result |");
        text.AppendLine("|---|---|");
        text.AppendLine(inv, $"| accounts with exactly one scheduled rotation | {counts.Count(c => c == 1)} of {run.Accounts} (none: {counts.Count(c => c == 0) + run.Accounts - counts.Count}, more than one: {counts.Count(c => c > 1)}) |");
        text.AppendLine(inv, $"| stored password checked out and logging in to PostgreSQL | {run.PasswordsLoggingIn} of {run.Accounts} (request, approval, check-out, fresh login; {run.CheckTime.TotalSeconds:F0} s) |");
        text.AppendLine(inv, $"| failed attempts or out-of-sync entries in the histories | {failures} |");
        text.AppendLine(inv, $"| first / last scheduled rotation after the due minute | {(done.Count > 0 ? (done[0] - due).TotalSeconds : 0):F0} s / {last.TotalSeconds:F0} s |");
        text.AppendLine(inv, $"| least time the schedule and pacing allow | {ideal.TotalSeconds:F0} s (the schedule's spread of 10 min, or {run.Accounts - run.Burst} turns after the burst at {run.PerMinute} a minute) |");
        text.AppendLine(inv, $"| most rotations in any 60 s | {MostInWindow(done, TimeSpan.FromMinutes(1))} (pacing allows {run.PerMinute + run.Burst}: {run.PerMinute} a minute after a burst of {run.Burst}) |");
        if (run.Baseline is { } b)
        {
            text.AppendLine(inv, $"| baseline: `ALTER ROLE` + fresh SCRAM login pairs at the same pacing | {b.Pairs} pairs in {b.Elapsed.TotalSeconds:F1} s (the pacing's own time {TimeSpan.FromMinutes(1).TotalSeconds * Math.Max(0, b.Pairs - run.Burst) / run.PerMinute:F1} s); the pair furthest behind its turn finished {b.MostBehind.TotalMilliseconds:F0} ms after it |");
        }

        text.AppendLine();
        text.AppendLine("Reminders as the silo's reminder table held them once every policy was stored (an overdue one counted at the due minute), per minute after the due minute:");
        text.AppendLine();
        text.AppendLine("| minute | reminders due |");
        text.AppendLine("|---|---|");
        foreach (var minute in run.Reminders.GroupBy(at => (int)Math.Floor((at - due).TotalMinutes)).OrderBy(g => g.Key))
        {
            text.AppendLine(inv, $"| +{minute.Key} | {minute.Count()} |");
        }

        text.AppendLine();
        text.AppendLine("Scheduled rotations completed per 10 s after the due minute:");
        text.AppendLine();
        text.AppendLine("| from | rotations | per second |");
        text.AppendLine("|---|---|---|");
        foreach (var slot in done.GroupBy(at => (int)Math.Floor((at - due).TotalSeconds / 10)).OrderBy(g => g.Key))
        {
            text.AppendLine(inv, $"| +{slot.Key * 10} s | {slot.Count()} | {slot.Count() / 10.0:F1} |");
        }

        return text.ToString();
    }

    private static int MostInWindow(List<DateTimeOffset> times, TimeSpan window)
    {
        var most = 0;
        for (int first = 0, i = 0; i < times.Count; i++)
        {
            while (times[i] - times[first] >= window)
            {
                first++;
            }

            most = Math.Max(most, i - first + 1);
        }

        return most;
    }
}
