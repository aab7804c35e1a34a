using System.Globalization;

namespace Kagi.Frontend.Console;

/// <summary>
/// The console's date-time inputs (<c>datetime-local</c>), written and read as wall-clock time in the reader's time
/// zone, the one their profile names and every moment on the page is shown in. A wall-clock time the zone's clocks
/// skip over (the hour lost to daylight saving) names no moment at all, so it is refused rather than guessed; a time
/// the clocks pass twice is read as the first of the two, the earlier moment.
/// </summary>
public static class ZonedInput
{
    private const string Minutes = "yyyy-MM-dd'T'HH:mm";
    private static readonly string[] Formats = [Minutes, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    /// <summary><paramref name="moment"/> as the input's value: the wall-clock time in <paramref name="zone"/>, to the minute.</summary>
    public static string Write(DateTimeOffset moment, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(moment, zone).DateTime.ToString(Minutes, CultureInfo.InvariantCulture);
    }

    /// <summary>What an input's text says in <paramref name="zone"/>.</summary>
    public static ZonedReading Read(string? text, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ZonedReading(ZonedReadingOutcome.Blank, null);
        }

        if (!DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            return new ZonedReading(ZonedReadingOutcome.Unreadable, null);
        }

        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            return new ZonedReading(ZonedReadingOutcome.Skipped, null);
        }

        // Of a repeated hour's two offsets the larger comes first (daylight time, before the clocks go back).
        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new ZonedReading(ZonedReadingOutcome.Read, new DateTimeOffset(wall, offset).ToUniversalTime());
    }

    /// <summary>False when the text is there but names no moment; nothing given is a valid "none".</summary>
    public static bool TryRead(string? text, TimeZoneInfo zone, out DateTimeOffset? moment)
    {
        var reading = Read(text, zone);
        moment = reading.Moment;
        return reading.Outcome is ZonedReadingOutcome.Blank or ZonedReadingOutcome.Read;
    }

    /// <summary>How the pages name the zone their inputs are in: its id and its offset at <paramref name="now"/>.</summary>
    public static string Describe(TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var offset = zone.GetUtcOffset(now);
        return $"{ConsoleViewer.Name(zone)} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture)})";
    }
}
