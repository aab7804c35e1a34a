using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>
/// GET /api/t/{tenant}/requests/{id:id}/requester-history: the requester's other requests, newest first (at
/// most 20), with counts by outcome, for whoever may read the request (its requester, approvers, admins and
/// auditors); the request grain decides that as it does for the request itself.
/// </summary>
public static class GetRequesterHistory
{
    [AnyRole]
    public sealed record Query(string TenantId, string RequestId) : MediatR.IRequest<RequesterHistory>, ITenantRequest, IIdempotentRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors) => errors.Identifier("id", request.RequestId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, RequesterHistory>
    {
        public Task<RequesterHistory> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId)).RequesterHistoryAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/requests/{id:id}/requester-history", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, id), cancellationToken)));
    }
}
