using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Saml;

/// <summary>
/// GET /saml/{tenant}/metadata: the tenant's SAML SP metadata (entity id, ACS URL) for an IdP admin to
/// import. Anonymous, since IdPs fetch it from their own servers (so no tenant allow-list applies); the
/// tenant id is checked by the route (<c>{tenant:tenant}</c>). The document is derived from the public URL
/// and the id alone, so it reveals nothing about the tenant, not even whether it exists.
/// </summary>
public static class GetMetadata
{
    public const string MediaType = "application/samlmetadata+xml";

    public sealed record Query(string TenantId) : MediatR.IRequest<string>, IAnonymousRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster, FrontendSettings settings) : IRequestHandler<Query, string>
    {
        public Task<string> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ISamlServiceProviderGrain>(request.TenantId).MetadataAsync(settings.PublicUrl);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet("/saml/{tenant:tenant}/metadata", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Text(await mediator.Send(new Query(tenant), cancellationToken), MediaType));
    }
}
