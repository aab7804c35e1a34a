using Kagi.Frontend.Features.Auth;
using Kagi.Frontend.Hosting;
using Kagi.Identity;
using MediatR;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kagi.Frontend.Console;

/// <summary>
/// The two header forms every console page carries: choose the language, and sign out. Both are
/// plain form posts with an antiforgery token, so they work without scripts; sign-out sends the same
/// request as the API's logout. They are the console's, not the API's: mapped beside the console's
/// pages, not among the API's endpoints (whose route matrix and OpenAPI document cover the API only).
/// </summary>
public static class ConsoleForms
{
    public static void MapConsoleForms(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/console/language", ([FromForm] string? locale, [FromForm] string? returnUrl, HttpContext http) =>
        {
            if (UserLocales.IsSupported(locale))
            {
                ConsoleCulture.Choose(http, locale!);
            }

            // Only back to a page of this site: a form cannot be used to send the browser elsewhere.
            return TypedResults.LocalRedirect(returnUrl is not null && RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl : "/");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

        routes.MapPost("/t/{tenant}/sign-out", async (string tenant, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        {
            // This form has no fields for the framework to bind, so the endpoint would not refuse a
            // bad token by itself (the antiforgery middleware only records its verdict): without a
            // valid token, another site could sign the reader out. No verdict at all is a refusal too.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return Results.BadRequest();
            }

            if (Identifiers.CanonicalizeTenant(tenant) is not { } tenantId)
            {
                return Results.NotFound();
            }

            if (http.User.FindFirst(Security.KagiClaims.Tenant)?.Value == tenantId)
            {
                await mediator.Send(new Logout.Command(tenantId), cancellationToken);
            }

            ConsoleSession.End(http, tenantId);
            return Results.LocalRedirect(ConsoleSession.PathOf(tenantId) + "/sign-in");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
    }
}
