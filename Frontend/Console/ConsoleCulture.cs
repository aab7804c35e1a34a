using System.Globalization;
using Kagi.Identity;
using Microsoft.AspNetCore.Localization;

namespace Kagi.Frontend.Console;

/// <summary>
/// The console's language: the one chosen in the header on this browser, else the signed-in user's
/// profile language, else the browser's <c>Accept-Language</c>, else English. Only the languages Kagi
/// writes in are offered. Times are shown in the profile's time zone (<see cref="ConsoleViewer"/>).
/// </summary>
public static class ConsoleCulture
{
    public const string Cookie = "kagi_language";

    public static IReadOnlyList<CultureInfo> Supported { get; } = [.. UserLocales.All.Select(CultureInfo.GetCultureInfo)];

    public static IApplicationBuilder UseConsoleCulture(this IApplicationBuilder app) =>
        app.UseWhen(context => ConsoleSession.IsConsolePath(context.Request.Path), console => console.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(UserLocales.English);
            options.SupportedCultures = [.. Supported];
            options.SupportedUICultures = [.. Supported];
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = Cookie },
                new ProfileCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        }).UseConsoleTimeZone());

    /// <summary>Remembers a choice made in the header, for a year, on this browser.</summary>
    public static void Choose(HttpContext http, string locale)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(Cookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(locale)), new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, Path = "/", MaxAge = TimeSpan.FromDays(365), IsEssential = true,
        });
    }

    /// <summary>The signed-in user's profile language, from the profile <see cref="ConsoleViewer"/> reads once per request.</summary>
    private sealed class ProfileCultureProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            await ConsoleViewer.ProfileAsync(httpContext) is { } me ? new ProviderCultureResult(me.Locale) : null;
    }
}
