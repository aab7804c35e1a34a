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
/// DELETE /api/t/{tenant}/users/{username:id} (admin): offboarding. The user grain ends every session and API token,
/// the directory forgets the user and the delegations by and to them, and a tombstone keeps the name taken (creating
/// the name again is refused with 409, so the audit's name always means one person). Then, here, because the user
/// grain must not wait on grains that may call it back: every pending or approved request of theirs is revoked
/// (which checks in and rotates its accounts), and whatever is still held is checked in and rotated as disabling does.
/// The last enabled admin cannot be deleted (409 last-admin). Deleting a deleted user again succeeds and finishes
/// what was left; the audit log keeps every record naming the user.
/// </summary>
public static class DeleteUser
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Username) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        /// <summary>Filled in by the handler, for the audit record.</summary>
        public List<string> Revoked { get; } = [];

        public List<string> CheckedIn { get; } = [];

        public string AuditAction => "user.delete";
        public string? AuditSubject => Username;
        public string? AuditDetail => string.Join("; ", new[]
        {
            Revoked.Count == 0 ? null : "revoked: " + string.Join(", ", Revoked),
            CheckedIn.Count == 0 ? null : "checked in: " + string.Join(", ", CheckedIn),
        }.OfType<string>()) is { Length: > 0 } detail ? detail : null;
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
            await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username)).DeleteAsync(admin);

            var reason = $"user {request.Username} deleted by {admin.Username}";
            var index = cluster.GetGrain<IRequestIndexGrain>(request.TenantId);
            var failed = new List<string>();
            foreach (var requestId in await index.OpenOfAsync(admin, request.Username))
            {
                try
                {
                    await cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, requestId)).RevokeAsync(admin, reason);
                    request.Revoked.Add(requestId);
                }
                catch (KagiException e) when (e.Code == ProblemCode.InvalidState)
                {
                    // It ended on its own (window over, rejected) since the index last heard of it: nothing to revoke.
                }
                catch (Exception e) when (e is KagiException or TimeoutException)
                {
                    failed.Add(requestId);
                }
            }

            // A revoked request checks in its accounts itself; this catches what is still held should that have failed.
            await HeldAccounts.EndAllAsync(cluster, admin, request.TenantId, request.Username, reason, request.CheckedIn, failed);

            if (failed.Count > 0)
            {
                throw new KagiException(ProblemCode.InvalidState,
                    $"User '{request.Username}' is deleted, but these could not be ended: {string.Join(", ", failed)}. Send the request again.");
            }

            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapDelete(Routes.Tenant + "/users/{username:id}", async (string tenant, string username, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant, username), cancellationToken);
                return TypedResults.NoContent();
            });
    }
}
