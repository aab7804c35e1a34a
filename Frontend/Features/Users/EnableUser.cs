using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>POST /api/t/{tenant}/users/{username:id}/enable (admin): a disabled user may sign in again. What disabling
/// ended (sessions, API tokens, check-outs) stays ended.</summary>
public static class EnableUser
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Username) : MediatR.IRequest<UserInfo>, IFailClosedRequest
    {
        public string AuditAction => "user.enable";
        public string? AuditSubject => Username;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("username", request.Username);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, UserInfo>
    {
        public Task<UserInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username)).EnableAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/users/{username:id}/enable", async (string tenant, string username, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, username), cancellationToken)));
    }
}
