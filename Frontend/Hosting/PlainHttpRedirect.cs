using Kagi.Errors;
using Kagi.Frontend.Problems;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// Plain HTTP beside HTTPS (<c>KAGI_HTTP_REDIRECT=true</c>): a GET or HEAD is sent to the same path
/// over HTTPS (308). Any other method is refused, not redirected: its body (a password, a token) has
/// already crossed the network in clear, and a redirect would have the client send it a second time.
/// </summary>
public static class PlainHttpRedirect
{
    public static IApplicationBuilder UsePlainHttpRedirect(this IApplicationBuilder app, int httpsPort) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.IsHttps)
        {
            await next(context);
            return;
        }

        var host = request.Host.HasValue ? (httpsPort == 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, httpsPort)) : (HostString?)null;
        if (host is { } target && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = UriHelper.BuildAbsolute(Uri.UriSchemeHttps, target, request.PathBase, request.Path, request.QueryString);
            return;
        }

        var invalid = ProblemTypes.Of(ProblemCode.Invalid);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Type = invalid.Uri,
                Title = invalid.Title,
                Status = StatusCodes.Status400BadRequest,
                Detail = $"Kagi takes this request over HTTPS only (port {httpsPort}). It crossed the network unencrypted: replace any password or token it carried.",
            },
        });
    });
}
