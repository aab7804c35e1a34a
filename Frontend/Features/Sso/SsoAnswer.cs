using System.Net;
using Kagi.Errors;
using Kagi.Frontend.Security;
using MediatR;

namespace Kagi.Frontend.Features.Sso;

/// <summary>
/// How the end of every single sign-on is answered: an API client gets the session token as JSON (and a device cookie
/// when it had none); the console gets its cookie and a page that sends it on, or its sign-in page naming the refusal.
/// </summary>
public static class SsoAnswer
{
    public static async Task<IResult> SendAsync(HttpContext http, string tenant, IMediator mediator, IRequest<CompleteSso.Response> command, SsoTrace trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(mediator);
        ArgumentNullException.ThrowIfNull(trace);
        http.Response.Headers.CacheControl = "no-store";
        CompleteSso.Response response;
        try
        {
            response = await mediator.Send(command, cancellationToken);
        }
        catch (KagiException refused) when (trace.ForConsole)
        {
            // The console shows the refusal on its sign-in page, in the person's language.
            return Results.Redirect($"{Console.ConsoleSession.PathOf(tenant)}/sign-in?sso={Problems.ProblemTypes.Of(refused.Code).Slug}");
        }

        if (!trace.ForConsole)
        {
            if (response.DeviceToken is { } issued)
            {
                http.Response.Cookies.Append(DeviceTokens.Cookie, issued, new CookieOptions
                {
                    HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365), Path = "/api/t/" + tenant + "/auth",
                });
            }

            return Results.Ok(response);
        }

        Console.ConsoleSession.Start(http, tenant, response.Token, response.ExpiresAt);
        if (response.DeviceToken is { } consoleDevice)
        {
            Console.ConsoleSession.RememberDevice(http, tenant, consoleDevice);
        }

        // A page, not a redirect: the console's cookie is SameSite=Strict, and a redirect chain that began at the
        // provider's site counts as cross-site, so the browser would not send it on the first console request.
        var home = WebUtility.HtmlEncode(Console.ConsoleSession.PathOf(tenant));
        return Results.Content($"<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={home}\"><title>Kagi</title></head><body><a href=\"{home}\">Kagi</a></body></html>", "text/html; charset=utf-8");
    }
}
