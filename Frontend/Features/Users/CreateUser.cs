using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>POST /api/t/{tenant}/users (admin).</summary>
public static class CreateUser
{
    public sealed record Body(string Username, string Password, ImmutableArray<string> Roles)
    {
        public override string ToString() => $"CreateUser {{ Username = {Username} }}";
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Username, string Password, ImmutableArray<string> Roles)
        : MediatR.IRequest<UserInfo>, IFailClosedRequest
    {
        public string AuditAction => "user.create";
        public string? AuditSubject => Username;
        public string? AuditDetail => Roles.IsDefault ? null : $"roles {string.Join(",", Roles)}";

        public override string ToString() => $"CreateUser {{ TenantId = {TenantId}, Username = {Username} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("username", request.Username);
            errors.Password("password", request.Password);
            if (request.Roles.IsDefaultOrEmpty || request.Roles.Any(role => !KagiRoles.All.Contains(role)))
            {
                errors.Add("roles", $"must name one or more of: {string.Join(", ", KagiRoles.All)}.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, UserInfo>
    {
        public Task<UserInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username))
                .CreateAsync(callers.Required, new NewUser(request.Password, request.Roles));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/users", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Created((string?)null, await mediator.Send(new Command(tenant, body.Username, body.Password, body.Roles), cancellationToken)));
    }
}
