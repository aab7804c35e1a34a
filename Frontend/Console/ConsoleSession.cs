using Kagi.Frontend.Security;

namespace Kagi.Frontend.Console;

/// <summary>
/// The console's sign-in cookie. It holds the same session token the API hands out, so the console and
/// the API share one session grain and one revocation. The cookie is HttpOnly (no page script can read
/// it), SameSite=Strict (no other site can make the browser send it), Secure whenever Kagi serves TLS,
/// and scoped to the tenant's console path. The API under <c>/api</c> never reads it: a cookie can
/// never authorize a cross-site API call.
/// </summary>
public static class ConsoleSession
{
    public const string Cookie = "kagi_console";

    /// <summary>Where the console lives: everything that is not the API.</summary>
    public static bool IsConsolePath(PathString path) => !path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static string PathOf(string tenant) => "/t/" + tenant;

    /// <summary>The session token a console request carries, if any.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsConsolePath(request.Path) ? request.Cookies[Cookie] : null;
    }

    public static void Start(HttpContext http, string tenant, string token, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(Cookie, token, Options(http, tenant, expiresAt));
    }

    public static void End(HttpContext http, string tenant)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(Cookie, Options(http, tenant, null));
    }

    /// <summary>The device cookie of the console (the API's lives under <c>/api</c>, out of the console's reach).</summary>
    public static void RememberDevice(HttpContext http, string tenant, string device)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(DeviceTokens.Cookie, device, Options(http, tenant, DateTimeOffset.UtcNow.AddDays(365)));
    }

    private static CookieOptions Options(HttpContext http, string tenant, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = PathOf(tenant),
        Expires = expires,
        IsEssential = true,
    };
}
