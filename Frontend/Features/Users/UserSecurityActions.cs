using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>
/// POST /api/t/{tenant}/users/{username:id}/unlock | mfa/reset (admin): lift a lockout early; remove the
/// user's second factor (lost device; their sessions and API tokens end). Disabling is <see cref="DisableUser"/>.
/// </summary>
public static class UserSecurityActions
{
    public enum Action
    {
        Unlock,
        ResetMfa,
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Username, Action Action) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        public string AuditAction => AuditActionOf(Action);

        public string? AuditSubject => Username;
    }

    public static string AuditActionOf(Action action) => action switch
    {
        Action.Unlock => "user.unlock",
        _ => "user.mfa.reset",
    };

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("username", request.Username);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username));
            await (request.Action switch
            {
                Action.Unlock => user.UnlockAsync(callers.Required),
                _ => user.ResetMfaAsync(callers.Required),
            });
            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            foreach (var (path, action) in new[] { ("unlock", Action.Unlock), ("mfa/reset", Action.ResetMfa) })
            {
                routes.MapPost(Routes.Tenant + "/users/{username:id}/" + path, async (string tenant, string username, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Command(tenant, username, action), cancellationToken);
                    return TypedResults.NoContent();
                }).Sends<Command>(AuditActionOf(action));
            }
        }
    }
}
