using System.Globalization;

namespace Kagi.Frontend.Console;

/// <summary>A lease's time left as the page first shows it (console.js then counts down from the same number).</summary>
public static class LeaseCountdown
{
    public static long SecondsLeft(DateTimeOffset leaseUntil, DateTimeOffset now) => Math.Max(0, (long)Math.Floor((leaseUntil - now).TotalSeconds));

    /// <summary>H:MM:SS, the form console.js writes too.</summary>
    public static string Format(long seconds)
    {
        var left = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours}:{left.Minutes:00}:{left.Seconds:00}");
    }
}
