using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Kagi.Frontend.Features.Sso;

/// <summary>
/// Ties a single sign-on to the browser (or API client) that started it: a random value in a short-lived cookie, whose
/// SHA-256 the flow keeps. A callback URL carried to another browser (login CSRF: signing a victim in as the attacker)
/// lacks the cookie and is refused. SameSite=Lax, since the provider's redirect back is a cross-site top-level GET;
/// scoped to the tenant's SSO path and deleted once the callback used it.
/// </summary>
public static class SsoBrowser
{
    public const string Cookie = "kagi_sso";

    public const string SamlCookie = "kagi_saml";

    public static string NewValue() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public static string PathOf(string tenant) => "/api/t/" + tenant + "/auth/sso";

    /// <summary>Kagi's callback URL for a provider, as an admin registers it at the provider.</summary>
    public static string RedirectUri(HttpRequest request, string tenant, string providerId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}{PathOf(tenant)}/{providerId}/callback";
    }

    public static void Remember(HttpContext http, string tenant, string value)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(Cookie, value, Options(http, tenant));
    }

    public static void Forget(HttpContext http, string tenant)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(Cookie, Options(http, tenant));
    }

    /// <summary>
    /// The SAML flow's cookie, for the ACS path: the IdP's answer is a cross-site form POST, which a SameSite=Lax cookie
    /// does not follow, so over https it is SameSite=None (and Secure). Over plain http (a test or a loopback setup,
    /// where browsers refuse SameSite=None) it stays Lax, which holds while the IdP is on the same site.
    /// </summary>
    public static void RememberForSaml(HttpContext http, string tenant, string value)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(SamlCookie, value, SamlOptions(http, tenant));
    }

    public static void ForgetForSaml(HttpContext http, string tenant)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(SamlCookie, SamlOptions(http, tenant));
    }

    /// <summary>The tenant's SAML path (<c>/saml/{tenant}</c>), where its ACS lies.</summary>
    public static string SamlPathOf(string tenant) => "/saml/" + tenant;

    private static CookieOptions Options(HttpContext http, string tenant) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = PathOf(tenant),
        MaxAge = TimeSpan.FromMinutes(10),
        IsEssential = true,
    };

    private static CookieOptions SamlOptions(HttpContext http, string tenant) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = http.Request.IsHttps ? SameSiteMode.None : SameSiteMode.Lax,
        Path = SamlPathOf(tenant),
        MaxAge = TimeSpan.FromMinutes(10),
        IsEssential = true,
    };
}
