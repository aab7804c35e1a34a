using System.Globalization;
using Kagi.Frontend.Console;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>How the console writes a moment for a reader: in their zone, the zone named; and how it reads a form's time back.</summary>
public sealed class ConsoleViewerTests
{
    private static readonly DateTimeOffset Moment = new(2030, 1, 15, 23, 30, 5, TimeSpan.Zero);
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public void A_moment_is_shown_in_the_readers_zone_with_the_zone_named()
    {
        // The tests run without ICU (invariant globalization); the console itself writes in the reader's culture.
        var culture = CultureInfo.InvariantCulture;

        Assert.Equal("01/16/2030 08:30 Asia/Tokyo", ConsoleViewer.Show(Moment, Tokyo, "g", culture));
        Assert.Equal("01/15/2030 23:30 UTC", ConsoleViewer.Show(Moment, TimeZoneInfo.Utc, "g", culture));
    }

    [Fact]
    public void An_audit_moment_keeps_its_seconds_and_writes_the_offset_and_zone()
    {
        Assert.Equal("2030-01-16 08:30:05 (UTC+09:00 Asia/Tokyo)", ConsoleViewer.ShowExact(Moment, Tokyo));
        Assert.Equal("2030-01-15 23:30:05 (UTC+00:00)", ConsoleViewer.ShowExact(Moment, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_forms_wall_clock_time_is_written_and_read_in_the_readers_zone()
    {
        Assert.Equal("2030-01-16T08:30", ZonedInput.Write(Moment, Tokyo));
        Assert.Equal(new ZonedReading(ZonedReadingOutcome.Read, new DateTimeOffset(2030, 1, 16, 0, 0, 0, TimeSpan.Zero)), ZonedInput.Read("2030-01-16T09:00", Tokyo));
        Assert.Equal(new DateTimeOffset(2030, 1, 15, 23, 30, 5, TimeSpan.Zero), ZonedInput.Read("2030-01-16T08:30:05", Tokyo).Moment);
        Assert.Equal(ZonedReadingOutcome.Blank, ZonedInput.Read(" ", Tokyo).Outcome);
        Assert.Equal(ZonedReadingOutcome.Unreadable, ZonedInput.Read("16/01/2030 09:00", Tokyo).Outcome);
    }

    [Fact]
    public void A_time_the_clocks_skip_is_refused_and_a_time_they_pass_twice_is_the_first_of_the_two()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        // 10 March 2030, 02:00 EST becomes 03:00 EDT: 02:30 never happens there.
        Assert.Equal(new ZonedReading(ZonedReadingOutcome.Skipped, null), ZonedInput.Read("2030-03-10T02:30", newYork));
        Assert.False(ZonedInput.TryRead("2030-03-10T02:30", newYork, out _));
        // 3 November 2030, 02:00 EDT becomes 01:00 EST: 01:30 happens first at UTC-4.
        Assert.Equal(new DateTimeOffset(2030, 11, 3, 5, 30, 0, TimeSpan.Zero), ZonedInput.Read("2030-11-03T01:30", newYork).Moment);
        Assert.Equal("America/New_York (UTC-05:00)", ZonedInput.Describe(newYork, Moment));
    }
}
