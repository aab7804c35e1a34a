using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>
/// GET /api/t/{tenant}/requests?status=&amp;mine=true&amp;toApprove=true&amp;limit=&amp;continuation=,
/// newest first. <c>toApprove</c> lists what waits for the caller's decision, themself or as a
/// delegate; a user who is not an approver, admin or auditor sees only their own requests otherwise.
/// </summary>
public static class ListRequests
{
    [AnyRole]
    public sealed record Query(string TenantId, string? Status, bool Mine, bool ToApprove, int Limit, string? Continuation)
        : MediatR.IRequest<RequestPage>, ITenantRequest, IIdempotentRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            if (request.Status is not null && !Enum.TryParse<AccessRequestStatus>(request.Status, ignoreCase: true, out _))
            {
                errors.Add("status", $"must be one of: {string.Join(", ", Enum.GetNames<AccessRequestStatus>().Select(n => n.ToLowerInvariant()))}.");
            }

            if (request.Limit is < 1 or > 200)
            {
                errors.Add("limit", "must be from 1 to 200.");
            }

            if (request.Continuation is { Length: > 100 })
            {
                errors.Add("continuation", "is not a continuation token.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, RequestPage>
    {
        public Task<RequestPage> Handle(Query request, CancellationToken cancellationToken)
        {
            AccessRequestStatus? status = request.Status is null ? null : Enum.Parse<AccessRequestStatus>(request.Status, ignoreCase: true);
            return cluster.GetGrain<IRequestIndexGrain>(request.TenantId).QueryAsync(callers.Required,
                new RequestQuery(status, request.Mine, request.ToApprove, request.Continuation, request.Limit));
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/requests",
                async (string tenant, string? status, bool? mine, bool? toApprove, int? limit, string? continuation, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(tenant, status, mine ?? false, toApprove ?? false, limit ?? 50, continuation), cancellationToken)));
    }
}
