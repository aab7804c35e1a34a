using System.Globalization;
using Kagi.Frontend.Features.Profile;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;
using Microsoft.AspNetCore.Localization;

namespace Kagi.Frontend.Console;

/// <summary>
/// The console's language: the one chosen in the header on this browser, else the signed-in user's
/// profile language, else the browser's <c>Accept-Language</c>, else English. Only the languages Kagi
/// writes in are offered.
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
        }));

    /// <summary>Remembers a choice made in the header, for a year, on this browser.</summary>
    public static void Choose(HttpContext http, string locale)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(Cookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(locale)), new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, Path = "/", MaxAge = TimeSpan.FromDays(365), IsEssential = true,
        });
    }

    /// <summary>The signed-in user's profile language, asked through the same request the API answers.</summary>
    private sealed class ProfileCultureProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            if (httpContext.GetRouteValue("tenant") is not string tenant || httpContext.User.FindFirst(KagiClaims.Tenant)?.Value != tenant)
            {
                return null;
            }

            try
            {
                var me = await httpContext.RequestServices.GetRequiredService<IMediator>().Send(new GetMe.Query(tenant), httpContext.RequestAborted);
                return new ProviderCultureResult(me.Locale);
            }
            catch (Errors.KagiException)
            {
                // A session that must first change its password still has a profile; anything else
                // (the user gone) falls through to the browser's language.
                return null;
            }
        }
    }
}
