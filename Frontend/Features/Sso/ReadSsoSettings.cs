using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Sso;

/// <summary>GET /api/t/{tenant}/sso (admin): the identity providers (never a client secret, only whether one is
/// stored), "SSO only" and the break-glass accounts.</summary>
public static class ReadSsoSettings
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Query(string TenantId) : MediatR.IRequest<SsoSettingsView>, ITenantRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, SsoSettingsView>
    {
        public Task<SsoSettingsView> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ISsoSettingsGrain>(request.TenantId).GetAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/sso", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant), cancellationToken)));
    }
}
