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
    public void A_forms_wall_clock_time_is_read_in_the_readers_zone_and_back()
    {
        var local = ConsoleViewer.ToZone(Moment.UtcDateTime, Tokyo);

        Assert.Equal(new DateTime(2030, 1, 16, 8, 30, 5), local);
        Assert.Equal(Moment, ConsoleViewer.FromZone(local, Tokyo));
    }
}
