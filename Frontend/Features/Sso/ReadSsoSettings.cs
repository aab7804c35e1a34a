using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Sso;

/// <summary>GET /api/t/{tenant}/sso (admin): the identity providers (never a client secret, only whether one is
/// stored), "SSO only" and the break-glass accounts. Each OpenID Connect provider names the back-channel logout URL to
/// register at it (<c>oidc.backChannelLogoutUrl</c>).</summary>
public static class ReadSsoSettings
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Query(string TenantId) : MediatR.IRequest<SsoSettingsView>, ITenantRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, FrontendSettings settings) : IRequestHandler<Query, SsoSettingsView>
    {
        public async Task<SsoSettingsView> Handle(Query request, CancellationToken cancellationToken) =>
            OidcLogoutUrls.WithLogoutUrls(await cluster.GetGrain<ISsoSettingsGrain>(request.TenantId).GetAsync(callers.Required), settings.PublicUrl, request.TenantId);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/sso", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant), cancellationToken)));
    }
}
