using System.Globalization;
using Kagi.Frontend.Features.Profile;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Console;

/// <summary>
/// The signed-in reader's profile as the console uses it (its language and time zone), asked once per request
/// through the same request the API answers, and the one place that writes a moment for a reader: in their time
/// zone, with the zone named. A reader who is not signed in, or whose profile cannot be read, reads UTC.
/// </summary>
public static class ConsoleViewer
{
    private const string ProfileItem = "kagi.console.profile";
    private const string ZoneItem = "kagi.console.zone";

    /// <summary>Finds the reader's time zone before the page renders, so every moment on it uses the same one.</summary>
    public static IApplicationBuilder UseConsoleTimeZone(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Items[ZoneItem] = UserTimeZones.Find((await ProfileAsync(context))?.TimeZone);
            await next(context);
        });

    public static TimeZoneInfo TimeZone(HttpContext http) =>
        http?.Items.TryGetValue(ZoneItem, out var found) == true && found is TimeZoneInfo zone ? zone : TimeZoneInfo.Utc;

    /// <summary>The signed-in member's profile in the tenant of the route, or null.</summary>
    public static async Task<UserInfo?> ProfileAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Items.TryGetValue(ProfileItem, out var known))
        {
            return known as UserInfo;
        }

        UserInfo? me = null;
        if (httpContext.GetRouteValue("tenant") is string tenant && httpContext.User.FindFirst(KagiClaims.Tenant)?.Value == tenant)
        {
            try
            {
                me = await httpContext.RequestServices.GetRequiredService<IMediator>().Send(new GetMe.Query(tenant), httpContext.RequestAborted);
            }
            catch (Errors.KagiException)
            {
                // A session that must first change its password still has a profile; anything else
                // (the user gone) falls back to the browser's language and UTC.
            }
        }

        httpContext.Items[ProfileItem] = me;
        return me;
    }

    /// <summary>A moment in <paramref name="zone"/>, written with <paramref name="format"/> in <paramref name="culture"/>, the zone named after it.</summary>
    public static string Show(DateTimeOffset value, TimeZoneInfo zone, string format, IFormatProvider culture)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(value, zone).DateTime.ToString(format, culture) + " " + Name(zone);
    }

    /// <summary>A moment of the audit log, to the second, with its offset and zone written out, the same in every language.</summary>
    public static string ShowExact(DateTimeOffset value, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(value, zone);
        var offset = (local.Offset < TimeSpan.Zero ? "-" : "+") + local.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        var named = IsUtc(zone) ? "" : " " + zone.Id;
        return $"{local.DateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} (UTC{offset}{named})";
    }

    /// <summary>How the console names a zone: its IANA id, or plain UTC.</summary>
    public static string Name(TimeZoneInfo zone) => IsUtc(zone) ? "UTC" : zone!.Id;

    private static bool IsUtc(TimeZoneInfo zone) => zone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "UCT" or "Etc/Universal" or "Universal" or "Etc/Zulu" or "Zulu";
}
