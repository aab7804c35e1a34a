using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>POST /api/t/{tenant}/users {"username","password","roles","email"?,"locale"?,"groups"?} (admin).</summary>
public static class CreateUser
{
    public sealed record Body([property: Identifier] string Username, string Password, ImmutableArray<string> Roles, string? Email = null, string? Locale = null, [property: Identifier] ImmutableArray<string>? Groups = null)
    {
        public override string ToString() => $"CreateUser {{ Username = {Username} }}";
    }

    /// <summary>Idempotent: the user grain answers an identical repeat (same password and roles) as it
    /// answered the first, so the handler may run again after a lost silo.</summary>
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Username, string Password, ImmutableArray<string> Roles)
        : MediatR.IRequest<UserInfo>, IFailClosedRequest, IIdempotentRequest
    {
        public string? Email { get; init; }
        public string? Locale { get; init; }
        public ImmutableArray<string>? Groups { get; init; }

        public string AuditAction => "user.create";
        public string? AuditSubject => Username;
        public string? AuditDetail => Roles.IsDefault ? null
            : $"roles {string.Join(",", Roles)}" + (Groups is { IsDefault: false } groups && groups.Length > 0 ? $"; groups {string.Join(",", groups)}" : "")
                + (Locale is null ? "" : $"; locale {Locale}") + (string.IsNullOrEmpty(Email) ? "" : "; email set");

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

            errors.Profile(request.Email, request.Locale, request.Groups);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, UserInfo>
    {
        public Task<UserInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username))
                .CreateAsync(callers.Required, new NewUser(request.Password, request.Roles)
                {
                    Email = request.Email, Locale = request.Locale, Groups = request.Groups ?? [],
                });
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/users", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Created((string?)null, await mediator.Send(new Command(tenant, body.Username, body.Password, body.Roles)
                {
                    Email = body.Email, Locale = body.Locale, Groups = body.Groups,
                }, cancellationToken)));
    }
}
