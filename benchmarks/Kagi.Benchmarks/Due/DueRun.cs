using System.Collections.Concurrent;

namespace Kagi.Benchmarks.Due;

/// <summary>What one run of the due-rotations benchmark saw, filled in as it goes.</summary>
internal sealed class DueRun(int accounts, int perMinute, int burst, string loadBefore)
{
    private int _passwordsLoggingIn;

    public int Accounts => accounts;
    public int PerMinute => perMinute;
    public int Burst => burst;
    public string LoadBefore => loadBefore;
    public TimeSpan SetupTime { get; set; }
    public TimeSpan PolicyTime { get; set; }
    public DateTimeOffset DueMinute { get; set; }
    public List<DateTimeOffset> Reminders { get; set; } = [];
    public ConcurrentDictionary<string, HistoryEntry[]> Histories { get; } = new(StringComparer.Ordinal);
    public string LoadAfterRotations { get; set; } = "";
    public TimeSpan CheckTime { get; set; }
    public int PasswordsLoggingIn => _passwordsLoggingIn;
    public PacedResult? Baseline { get; set; }
    public string LoadAfter { get; set; } = "";

    public void CountLogin() => Interlocked.Increment(ref _passwordsLoggingIn);

    /// <summary>The completed scheduled rotations of every account, in time order.</summary>
    public List<DateTimeOffset> Completions() =>
        Histories.Values.SelectMany(h => h).Where(IsScheduledCompletion).Select(e => e.At).Order().ToList();

    public bool AllRotatedOnce => Histories.Count == accounts && Histories.Values.All(h => h.Count(IsScheduledCompletion) == 1);

    public static bool IsScheduledCompletion(HistoryEntry entry) => entry is { Trigger: "schedule", Outcome: "completed" };
}
