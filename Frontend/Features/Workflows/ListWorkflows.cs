using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests.Workflows;
using MediatR;

namespace Kagi.Frontend.Features.Workflows;

/// <summary>GET /api/t/{tenant}/workflows: every workflow, the built-in default first. Anyone signed in may read them, to know what a request needs.</summary>
public static class ListWorkflows
{
    [AnyRole]
    public sealed record Query(string TenantId) : MediatR.IRequest<ImmutableArray<WorkflowInfo>>, ITenantRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, ImmutableArray<WorkflowInfo>>
    {
        public Task<ImmutableArray<WorkflowInfo>> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IWorkflowCatalogGrain>(request.TenantId).ListAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/workflows", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(new { items = await mediator.Send(new Query(tenant), cancellationToken) }));
    }
}
