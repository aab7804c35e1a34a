using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Profile;

/// <summary>GET /api/t/{tenant}/me/notices: what the user should know about their account, newest first.</summary>
public static class ReadNotices
{
    [AnyRole]
    public sealed record Query(string TenantId) : MediatR.IRequest<IReadOnlyList<UserNotice>>, ITenantRequest, IStepRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, IReadOnlyList<UserNotice>>
    {
        public async Task<IReadOnlyList<UserNotice>> Handle(Query request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            return await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, caller.Username)).GetNoticesAsync(caller);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/me/notices", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant), cancellationToken)));
    }
}
