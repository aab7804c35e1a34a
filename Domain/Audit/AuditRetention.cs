using Kagi.Audit;

namespace Kagi.Domain.Audit;

/// <summary>
/// What a purge may remove: the oldest records, as one unbroken run from the start of the retained
/// log, each older than the cut-off. The run stops at the first record still to be kept, so the
/// log never gets a hole, even if clocks of different silos disagreed a little.
/// </summary>
public static class AuditRetention
{
    public const int DefaultDays = 365;
    public const int MinimumDays = 30;
    public const int MaximumDays = 3650;

    public static bool IsAllowed(int days) => days is >= MinimumDays and <= MaximumDays;

    public static DateTimeOffset CutOff(DateTimeOffset now, int retentionDays) => now - TimeSpan.FromDays(retentionDays);

    /// <summary>The newest sequence that may be purged among <paramref name="oldestFirst"/>, which
    /// must start right after <paramref name="anchorSequence"/>; null when none may.</summary>
    public static long? LastPurgeable(long anchorSequence, IReadOnlyList<AuditRecord> oldestFirst, DateTimeOffset cutOff)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        long? last = null;
        var expected = anchorSequence + 1;
        foreach (var record in oldestFirst)
        {
            if (record.Sequence != expected || record.Event.Time >= cutOff)
            {
                break;
            }

            last = record.Sequence;
            expected++;
        }

        return last;
    }
}
