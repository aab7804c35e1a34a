using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>GET /api/t/{tenant}/requests/{id:id}: for its requester, approvers, admins and auditors.</summary>
public static class GetRequest
{
    [AnyRole]
    public sealed record Query(string TenantId, string RequestId) : MediatR.IRequest<AccessRequestInfo>, ITenantRequest, IIdempotentRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors) => errors.Identifier("id", request.RequestId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, AccessRequestInfo>
    {
        public Task<AccessRequestInfo> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId)).GetAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/requests/{id:id}", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, id), cancellationToken)));
    }
}
