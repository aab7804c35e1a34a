using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Profile;

/// <summary>
/// /api/t/{tenant}/me/api-tokens: create (the token is shown once; only its hash is kept), list and
/// revoke the caller's API tokens. A token holds some of its owner's roles and expires. Creating one
/// asks for the current password again: a token outlives the session that made it.
/// </summary>
public static class ApiTokens
{
    public sealed record Body(string Name, ImmutableArray<string> Roles, DateTimeOffset ExpiresAt, string CurrentPassword)
    {
        public override string ToString() => $"ApiTokens.Body {{ Name = {Name} }}";
    }

    [AnyRole]
    public sealed record Create(string TenantId, string Name, ImmutableArray<string> Roles, DateTimeOffset ExpiresAt, string CurrentPassword)
        : MediatR.IRequest<Created>, IFailClosedRequest, IInteractiveRequest
    {
        public string AuditAction => "apitoken.create";
        public string? AuditSubject => Name;
        public string? AuditDetail => $"roles {string.Join(",", Roles.IsDefault ? [] : Roles)}; expires {ExpiresAt:O}";

        public override string ToString() => $"ApiTokens.Create {{ TenantId = {TenantId}, Name = {Name} }}";
    }

    public sealed record Created(string Id, string Token, string Name, ImmutableArray<string> Roles, DateTimeOffset ExpiresAt)
    {
        public override string ToString() => $"Created {{ Id = {Id}, Name = {Name} }}";
    }

    [AnyRole]
    public sealed record List(string TenantId) : MediatR.IRequest<ImmutableArray<ApiTokenInfo>>, ITenantRequest, IInteractiveRequest, IIdempotentRequest;

    [AnyRole]
    public sealed record Revoke(string TenantId, string Id) : MediatR.IRequest<Unit>, IFailClosedRequest, IInteractiveRequest
    {
        public string AuditAction => "apitoken.revoke";
        public string? AuditSubject => Id;
    }

    public sealed class Validator : IRequestValidator<Create>
    {
        public void Validate(Create request, ValidationErrors errors)
        {
            errors.Required("name", request.Name, 64);
            errors.Required("currentPassword", request.CurrentPassword, ValidationErrors.MaximumPasswordLength);
            if (request.Roles.IsDefaultOrEmpty || request.Roles.Any(role => !KagiRoles.All.Contains(role)))
            {
                errors.Add("roles", $"must name one or more of: {string.Join(", ", KagiRoles.All)}.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers)
        : IRequestHandler<Create, Created>, IRequestHandler<List, ImmutableArray<ApiTokenInfo>>, IRequestHandler<Revoke, Unit>
    {
        public async Task<Created> Handle(Create request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            var token = SessionTokens.Issue(request.TenantId);
            var info = await User(caller).CreateApiTokenAsync(caller, new NewApiToken(request.Name.Trim(), request.Roles, request.ExpiresAt, SessionTokens.GrainKeyOf(token)!),
                new PasswordProof(request.CurrentPassword));
            return new Created(info.Id, token, info.Name, info.Roles, info.ExpiresAt);
        }

        public Task<ImmutableArray<ApiTokenInfo>> Handle(List request, CancellationToken cancellationToken) =>
            User(callers.Required).ListApiTokensAsync(callers.Required);

        public async Task<Unit> Handle(Revoke request, CancellationToken cancellationToken)
        {
            await User(callers.Required).RevokeApiTokenAsync(callers.Required, request.Id);
            return Unit.Value;
        }

        private IUserGrain User(Caller caller) => cluster.GetGrain<IUserGrain>(GrainKeys.For(caller.TenantId, caller.Username));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            const string path = Routes.Tenant + "/me/api-tokens";
            routes.MapPost(path, async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Created((string?)null, await mediator.Send(new Create(tenant, body.Name, body.Roles, body.ExpiresAt, body.CurrentPassword), cancellationToken)))
                .RevealsSecrets()
                .Sends<Create>();
            routes.MapGet(path, async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new List(tenant), cancellationToken))).Sends<List>();
            routes.MapDelete(path + "/{id:id}", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Revoke(tenant, id), cancellationToken);
                return TypedResults.NoContent();
            }).Sends<Revoke>();
        }
    }
}
