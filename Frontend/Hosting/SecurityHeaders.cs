namespace Kagi.Frontend.Hosting;

/// <summary>
/// The headers every answer carries, written once: no MIME sniffing, no referrer, no framing, and a
/// content policy that allows nothing on the API, which serves JSON, never a page (the API reference page gets a
/// nonce policy of its own, <see cref="ApiDocumentation.PagePolicy"/>; the console's pages get Kagi's own files only,
/// nothing inline). An endpoint marked
/// <see cref="RevealsSecrets"/> (a token, password, TOTP secret or recovery codes in its answer) is
/// also kept out of every cache between Kagi and the caller. An answer over HTTPS (Kagi's own TLS,
/// <see cref="FrontendTls"/>) tells the browser to use nothing else for a year.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The console's pages: only Kagi's own files, no inline script or style, forms posted only to Kagi.</summary>
    public const string ConsoleContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>Marks an endpoint whose answer carries a secret: <c>Cache-Control: no-store</c>, <c>Pragma: no-cache</c>.</summary>
    public static TBuilder RevealsSecrets<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(SecretAnswer.Instance);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Routing has run, so the endpoint is known here; it may be cleared before the answer starts
        // (the exception handler does), so it is read now.
        var revealsSecrets = context.GetEndpoint()?.Metadata.GetMetadata<SecretAnswer>() is not null;
        var overTls = context.Request.IsHttps;
        // Written as the answer starts, so they survive the exception handler clearing the headers.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            // A page of the console gets the console's policy; everything else (JSON, files, errors) allows nothing.
            var page = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            headers.ContentSecurityPolicy = ApiDocumentation.PagePolicy(context) ?? (page ? ConsoleContentSecurityPolicy : ContentSecurityPolicy);
            if (overTls)
            {
                headers.StrictTransportSecurity = FrontendTls.StrictTransportSecurity;
            }

            if (revealsSecrets)
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });

    private sealed class SecretAnswer
    {
        public static SecretAnswer Instance { get; } = new();
    }
}
