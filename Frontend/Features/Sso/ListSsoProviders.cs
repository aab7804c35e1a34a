using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Sso;

/// <summary>GET /api/t/{tenant}/auth/sso (anyone the tenant admits): the tenant's identity providers as sign-in buttons
/// <c>[{"id","displayName","kind"}]</c>; start one at <c>/auth/sso/{id}/start</c>.</summary>
public static class ListSsoProviders
{
    public sealed record Query(string TenantId) : MediatR.IRequest<ImmutableArray<SsoProviderButton>>, ITenantRequest, IAnonymousRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster) : IRequestHandler<Query, ImmutableArray<SsoProviderButton>>
    {
        public Task<ImmutableArray<SsoProviderButton>> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ISsoSettingsGrain>(request.TenantId).ListButtonsAsync(Caller.System(request.TenantId));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/auth/sso", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant), cancellationToken)));
    }
}
