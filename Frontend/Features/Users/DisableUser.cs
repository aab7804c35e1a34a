using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>
/// POST /api/t/{tenant}/users/{username}/disable (admin): the user can no longer sign in, every session
/// and API token of theirs ends, and every account they hold checked out is checked in and rotated at
/// once, as a revocation does. The accounts are ended here, after the user grain has answered, because
/// the user grain must not wait on grains that may call it back.
/// </summary>
public static class DisableUser
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Username) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        /// <summary>Filled in by the handler: what was checked in, for the audit record.</summary>
        public List<string> CheckedIn { get; } = [];

        public string AuditAction => "user.disable";
        public string? AuditSubject => Username;
        public string? AuditDetail => CheckedIn.Count == 0 ? null : "checked in: " + string.Join(", ", CheckedIn);
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("username", request.Username);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var admin = callers.Required;
            await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username)).DisableAsync(admin);

            var reason = $"user {request.Username} disabled by {admin.Username}";
            var failed = new List<string>();
            await HeldAccounts.EndAllAsync(cluster, admin, request.TenantId, request.Username, reason, request.CheckedIn, failed);

            if (failed.Count > 0)
            {
                throw new KagiException(ProblemCode.InvalidState,
                    $"User '{request.Username}' is disabled, but these accounts could not be checked in: {string.Join(", ", failed)}. Send the request again.");
            }

            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/users/{username:id}/disable", async (string tenant, string username, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant, username), cancellationToken);
                return TypedResults.NoContent();
            });
    }
}
