namespace Kagi.Frontend.Console;

public enum ZonedReadingOutcome
{
    /// <summary>Nothing was entered.</summary>
    Blank,

    /// <summary>A wall-clock time that names one moment (or the first of two).</summary>
    Read,

    /// <summary>Not a date and time at all.</summary>
    Unreadable,

    /// <summary>A wall-clock time the zone's clocks skip (spring forward): no such moment.</summary>
    Skipped,
}
