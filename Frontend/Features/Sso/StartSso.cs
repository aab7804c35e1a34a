using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Sso;
using MediatR;
using Microsoft.AspNetCore.WebUtilities;

namespace Kagi.Frontend.Features.Sso;

/// <summary>
/// GET /api/t/{tenant}/auth/sso/{id:id}/start[?console=true]: begins a single sign-on at the tenant's identity
/// provider with a one-time browser cookie. OpenID Connect: 302 to its authorization endpoint (code flow, PKCE S256,
/// state, nonce); the callback answers. SAML: 302 to its SSO URL with an AuthnRequest (HTTP-Redirect binding) and the
/// flow's key as RelayState; the IdP posts the response to <c>/saml/{tenant}/acs</c>. Either answers JSON (API
/// clients) or signs the console in (<c>console=true</c>).
/// </summary>
public static class StartSso
{
    public sealed record Command(string TenantId, string ProviderId, string RedirectUri, string BindingHash, bool ForConsole)
        : MediatR.IRequest<Started>, ITenantRequest, IAnonymousRequest
    {
        public override string ToString() => $"StartSso {{ TenantId = {TenantId}, ProviderId = {ProviderId} }}";
    }

    /// <summary>Where to send the browser, and the provider's kind (which says where its one-time cookie goes).</summary>
    public sealed record Started(string Url, string Kind);

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("id", request.ProviderId);
    }

    public sealed class Handler(IClusterClient cluster, FrontendSettings settings) : IRequestHandler<Command, Started>
    {
        public async Task<Started> Handle(Command request, CancellationToken cancellationToken)
        {
            // The key names the flow's grain (OIDC state, SAML RelayState): 256 random bits, so nobody guesses a flow in flight.
            var key = WebEncoders.Base64UrlEncode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var buttons = await cluster.GetGrain<ISsoSettingsGrain>(request.TenantId).ListButtonsAsync(Caller.System(request.TenantId));
            if (buttons.Any(b => b.Id == request.ProviderId && b.Kind == SsoKinds.Saml))
            {
                var url = await cluster.GetGrain<ISamlSignInGrain>(GrainKeys.For(request.TenantId, key))
                    .StartAsync(Caller.System(request.TenantId), new SamlStart(request.ProviderId, request.BindingHash, request.ForConsole, settings.PublicUrl));
                return new Started(url, SsoKinds.Saml);
            }

            return new Started(await cluster.GetGrain<IOidcSignInGrain>(GrainKeys.For(request.TenantId, key))
                .StartAsync(Caller.System(request.TenantId), new OidcStart(request.ProviderId, request.RedirectUri, request.BindingHash, request.ForConsole)), SsoKinds.Oidc);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/auth/sso/{id:id}/start", async (string tenant, string id, bool? console, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var binding = SsoBrowser.NewValue();
                var started = await mediator.Send(new Command(tenant, id, SsoBrowser.RedirectUri(http.Request, tenant, id), SsoBrowser.Hash(binding), console == true), cancellationToken);
                if (started.Kind == SsoKinds.Saml)
                {
                    SsoBrowser.RememberForSaml(http, tenant, binding);
                }
                else
                {
                    SsoBrowser.Remember(http, tenant, binding);
                }

                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Redirect(started.Url);
            }).RateLimited(RateLimitedKind.SignIn);
    }
}
