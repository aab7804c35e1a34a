using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Sso;
using MediatR;
using Microsoft.AspNetCore.WebUtilities;

namespace Kagi.Frontend.Features.Sso;

/// <summary>
/// GET /api/t/{tenant}/auth/sso/{id:id}/start[?console=true]: begins a single sign-on at the tenant's identity
/// provider: 302 to its authorization endpoint (code flow, PKCE S256, state, nonce) with a one-time browser cookie.
/// After the provider, the callback answers JSON (API clients) or signs the console in (<c>console=true</c>).
/// </summary>
public static class StartSso
{
    public sealed record Command(string TenantId, string ProviderId, string RedirectUri, string BindingHash, bool ForConsole)
        : MediatR.IRequest<string>, ITenantRequest, IAnonymousRequest
    {
        public override string ToString() => $"StartSso {{ TenantId = {TenantId}, ProviderId = {ProviderId} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("id", request.ProviderId);
    }

    public sealed class Handler(IClusterClient cluster) : IRequestHandler<Command, string>
    {
        public Task<string> Handle(Command request, CancellationToken cancellationToken)
        {
            // The state names the flow's grain: 256 random bits, so nobody guesses a flow in flight.
            var state = WebEncoders.Base64UrlEncode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            return cluster.GetGrain<IOidcSignInGrain>(GrainKeys.For(request.TenantId, state))
                .StartAsync(Caller.System(request.TenantId), new OidcStart(request.ProviderId, request.RedirectUri, request.BindingHash, request.ForConsole));
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/auth/sso/{id:id}/start", async (string tenant, string id, bool? console, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var binding = SsoBrowser.NewValue();
                var url = await mediator.Send(new Command(tenant, id, SsoBrowser.RedirectUri(http.Request, tenant, id), SsoBrowser.Hash(binding), console == true), cancellationToken);
                SsoBrowser.Remember(http, tenant, binding);
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Redirect(url);
            }).RateLimited(RateLimitedKind.SignIn);
    }
}
