using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Scim;
using MediatR;
using Microsoft.AspNetCore.WebUtilities;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// /api/t/{tenant}/scim/tokens (admin): create a SCIM bearer token for the identity provider's provisioning client (the
/// token is shown once; only its SHA-256 is kept), list them (never a secret) and revoke one. The token's name is who
/// the audit log says acted (<c>scim:{name}</c>). A SCIM token works on /scim/v2/{tenant}/ only, and only for its
/// own tenant; user sessions and API tokens do not work there.
/// </summary>
public static class ScimTokens
{
    private const string Prefix = "scim_";

    public sealed record Body([property: Identifier] string Name);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Create(string TenantId, string Name) : MediatR.IRequest<Created>, IFailClosedRequest
    {
        public string AuditAction => "scim.token.create";
        public string? AuditSubject => Name;
    }

    public sealed record Created(string Id, string Name, string Token, DateTimeOffset CreatedAt, string CreatedBy)
    {
        public override string ToString() => $"Created {{ Id = {Id}, Name = {Name} }}";
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record List(string TenantId) : MediatR.IRequest<ImmutableArray<ScimTokenInfo>>, ITenantRequest, IIdempotentRequest;

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Revoke(string TenantId, string Id) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        public string AuditAction => "scim.token.revoke";
        public string? AuditSubject => Id;
    }

    /// <summary>The SHA-256 (hex) a token is stored and looked up by, or null when it is not of Kagi's SCIM form.</summary>
    public static string? HashOf(string token) =>
        token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length is > 40 and < 100
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))
            : null;

    public sealed class Validator : IRequestValidator<Create>, IRequestValidator<Revoke>
    {
        public void Validate(Create request, ValidationErrors errors) => errors.Identifier("name", request.Name);

        public void Validate(Revoke request, ValidationErrors errors) => errors.Identifier("id", request.Id);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers)
        : IRequestHandler<Create, Created>, IRequestHandler<List, ImmutableArray<ScimTokenInfo>>, IRequestHandler<Revoke, Unit>
    {
        public async Task<Created> Handle(Create request, CancellationToken cancellationToken)
        {
            var token = Prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
            var info = await cluster.GetGrain<IScimTokensGrain>(request.TenantId).CreateAsync(callers.Required, request.Name, HashOf(token)!);
            return new Created(info.Id, info.Name, token, info.CreatedAt, info.CreatedBy);
        }

        public Task<ImmutableArray<ScimTokenInfo>> Handle(List request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IScimTokensGrain>(request.TenantId).ListAsync(callers.Required);

        public async Task<Unit> Handle(Revoke request, CancellationToken cancellationToken)
        {
            await cluster.GetGrain<IScimTokensGrain>(request.TenantId).RevokeAsync(callers.Required, request.Id);
            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            const string path = Routes.Tenant + "/scim/tokens";
            routes.MapPost(path, async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Created((string?)null, await mediator.Send(new Create(tenant, body.Name), cancellationToken)))
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
