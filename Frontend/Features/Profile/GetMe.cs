using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Profile;

/// <summary>GET /api/t/{tenant}/me: who the caller is in this tenant — name, roles, groups, language,
/// whether MFA is on. The console reads it for its header and to choose the language.</summary>
public static class GetMe
{
    [AnyRole]
    public sealed record Query(string TenantId) : MediatR.IRequest<UserInfo>, ITenantRequest, IStepRequest;

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, UserInfo>
    {
        public async Task<UserInfo> Handle(Query request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            // The session names an existing user; a user removed since then is simply not found.
            return await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, caller.Username)).GetAsync(caller)
                ?? throw new Errors.KagiException(Errors.ProblemCode.NotFound, "The user was not found.");
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/me", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant), cancellationToken)));
    }
}
