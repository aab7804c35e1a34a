using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Auth;

/// <summary>POST /api/t/{tenant}/auth/logout: ends the session whose token was sent.</summary>
public static class Logout
{
    [AnyRole]
    public sealed record Command(string TenantId) : MediatR.IRequest<Unit>, IAuditedRequest, IStepRequest
    {
        public string AuditAction => "auth.logout";
        public string? AuditSubject => null;
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            if (callers.SessionKey is { } key)
            {
                await cluster.GetGrain<ISessionGrain>(key).EndAsync();
            }

            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/auth/logout", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant), cancellationToken);
                return TypedResults.NoContent();
            });
    }
}
