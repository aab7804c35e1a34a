using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>GET /api/t/{tenant}/users/{username:id} (admin, auditor): roles, groups, profile, disabled, MFA and lock; never a secret.</summary>
public static class GetUser
{
    [AllowedRoles(KagiRoles.Admin, KagiRoles.Auditor)]
    public sealed record Query(string TenantId, string Username) : MediatR.IRequest<UserInfo>, ITenantRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors) => errors.Identifier("username", request.Username);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, UserInfo>
    {
        public async Task<UserInfo> Handle(Query request, CancellationToken cancellationToken) =>
            await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username)).GetAsync(callers.Required)
            ?? throw new KagiException(ProblemCode.NotFound, $"User '{request.Username}' was not found.");
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/users/{username:id}", async (string tenant, string username, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, username), cancellationToken)));
    }
}
