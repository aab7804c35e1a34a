using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>
/// PUT /api/t/{tenant}/users/{username:id}/roles {"roles","groups"?} (admin): replaces the user's roles and, when
/// given, groups. The tenant's last enabled admin keeps the admin role (409 last-admin); a role taken away ends the
/// user's sessions and API tokens, since they carry the roles they were made with.
/// </summary>
public static class SetUserRoles
{
    public sealed record Body(ImmutableArray<string> Roles, [property: Identifier] ImmutableArray<string>? Groups = null);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Username, ImmutableArray<string> Roles, ImmutableArray<string>? Groups)
        : MediatR.IRequest<UserInfo>, IFailClosedRequest
    {
        public string AuditAction => "user.roles";
        public string? AuditSubject => Username;
        public string? AuditDetail => (Roles.IsDefault ? "" : $"roles {string.Join(",", Roles)}")
            + (Groups is { IsDefault: false } groups ? $"; groups [{string.Join(",", groups)}]" : "");
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("username", request.Username);
            if (request.Roles.IsDefaultOrEmpty || request.Roles.Any(role => !KagiRoles.All.Contains(role)))
            {
                errors.Add("roles", $"must name one or more of: {string.Join(", ", KagiRoles.All)}.");
            }

            errors.Profile(null, null, request.Groups);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, UserInfo>
    {
        public Task<UserInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username)).SetRolesAsync(callers.Required, request.Roles, request.Groups);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/users/{username:id}/roles", async (string tenant, string username, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, username, body.Roles, body.Groups), cancellationToken)));
    }
}
