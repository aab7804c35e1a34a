using System.Globalization;

namespace Kagi.Frontend.Console;

/// <summary>What the console's date and time inputs send (<c>2026-12-05T09:30</c>, seconds optional;
/// <c>2026-12-05</c> for a day), read as UTC, the zone the pages say their inputs are in.</summary>
public static class ConsoleInput
{
    private static readonly string[] MomentFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    /// <summary>False when <paramref name="text"/> is there but not a moment; nothing given is a valid "no bound".</summary>
    public static bool UtcMoment(string? text, out DateTimeOffset? moment)
    {
        moment = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateTime.TryParseExact(text.Trim(), MomentFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        moment = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    /// <summary>A day written yyyy-MM-dd, or null.</summary>
    public static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
