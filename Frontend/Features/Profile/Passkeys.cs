using System.Collections.Immutable;
using System.Text.Json;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Profile;

/// <summary>
/// /api/t/{tenant}/me/passkeys: the caller's passkeys (WebAuthn). POST …/options {"currentPassword"} begins a
/// registration (the creation options for navigator.credentials.create; the password is asked again, as for TOTP);
/// POST …/me/passkeys {"name", "credential"} completes it with the browser's answer; GET lists; DELETE removes one
/// (not the last second factor the tenant requires). Restricted sessions may register one (enrol a second factor).
/// </summary>
public static class Passkeys
{
    public sealed record BeginBody(string CurrentPassword)
    {
        public override string ToString() => "Passkeys.BeginBody { }";
    }

    public sealed record RegisterBody(string Name, JsonElement Credential)
    {
        public override string ToString() => $"Passkeys.RegisterBody {{ Name = {Name} }}";
    }

    [AnyRole]
    public sealed record Begin(string TenantId, string CurrentPassword) : MediatR.IRequest<string>, IFailClosedRequest, IStepRequest, IInteractiveRequest
    {
        public string AuditAction => "user.passkey.begin";
        public string? AuditSubject => null;

        public override string ToString() => $"Passkeys.Begin {{ TenantId = {TenantId} }}";
    }

    [AnyRole]
    public sealed record Register(string TenantId, string Name, string CredentialJson) : MediatR.IRequest<PasskeyInfo>, IFailClosedRequest, IStepRequest, IInteractiveRequest
    {
        public string AuditAction => "user.passkey.register";
        public string? AuditSubject => Name;

        public override string ToString() => $"Passkeys.Register {{ TenantId = {TenantId}, Name = {Name} }}";
    }

    [AnyRole]
    public sealed record List(string TenantId) : MediatR.IRequest<ImmutableArray<PasskeyInfo>>, ITenantRequest, IStepRequest, IInteractiveRequest, IIdempotentRequest;

    [AnyRole]
    public sealed record Delete(string TenantId, string Id) : MediatR.IRequest<Unit>, IFailClosedRequest, IInteractiveRequest
    {
        public string AuditAction => "user.passkey.delete";
        public string? AuditSubject => Id;
    }

    public sealed class BeginValidator : IRequestValidator<Begin>
    {
        public void Validate(Begin request, ValidationErrors errors) =>
            errors.Required("currentPassword", request.CurrentPassword, ValidationErrors.MaximumPasswordLength);
    }

    public sealed class RegisterValidator : IRequestValidator<Register>
    {
        /// <summary>A "none" attestation with an ES256 or RS256 key is well under this.</summary>
        public const int MaximumCredentialLength = 16 * 1024;
        public const int MaximumNameLength = 64;

        public void Validate(Register request, ValidationErrors errors)
        {
            errors.Required("name", request.Name, MaximumNameLength);
            errors.Required("credential", request.CredentialJson, MaximumCredentialLength);
        }
    }

    public sealed class DeleteValidator : IRequestValidator<Delete>
    {
        public void Validate(Delete request, ValidationErrors errors) => errors.Identifier("id", request.Id);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, FrontendSettings settings)
        : IRequestHandler<Begin, string>, IRequestHandler<Register, PasskeyInfo>, IRequestHandler<List, ImmutableArray<PasskeyInfo>>, IRequestHandler<Delete, Unit>
    {
        public Task<string> Handle(Begin request, CancellationToken cancellationToken) =>
            User(callers.Required).BeginPasskeyRegistrationAsync(callers.Required, PasskeyRelyingParties.Of(settings), new PasswordProof(request.CurrentPassword));

        public Task<PasskeyInfo> Handle(Register request, CancellationToken cancellationToken) =>
            User(callers.Required).CompletePasskeyRegistrationAsync(callers.Required, PasskeyRelyingParties.Of(settings), new NewPasskey(request.Name, request.CredentialJson));

        public Task<ImmutableArray<PasskeyInfo>> Handle(List request, CancellationToken cancellationToken) =>
            User(callers.Required).ListPasskeysAsync(callers.Required);

        public async Task<Unit> Handle(Delete request, CancellationToken cancellationToken)
        {
            await User(callers.Required).DeletePasskeyAsync(callers.Required, request.Id);
            return Unit.Value;
        }

        private IUserGrain User(Caller caller) => cluster.GetGrain<IUserGrain>(GrainKeys.For(caller.TenantId, caller.Username));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            const string path = Routes.Tenant + "/me/passkeys";
            routes.MapPost(path + "/options", async (string tenant, BeginBody body, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var options = await mediator.Send(new Begin(tenant, body.CurrentPassword), cancellationToken);
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Text(options, "application/json");
            }).Sends<Begin>();
            routes.MapPost(path, async (string tenant, RegisterBody body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Created((string?)null, await mediator.Send(new Register(tenant, body.Name ?? "", body.Credential.ValueKind == JsonValueKind.Object ? body.Credential.GetRawText() : ""), cancellationToken)))
                .Sends<Register>();
            routes.MapGet(path, async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new List(tenant), cancellationToken))).Sends<List>();
            routes.MapDelete(path + "/{id:id}", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Delete(tenant, id), cancellationToken);
                return TypedResults.NoContent();
            }).Sends<Delete>();
        }
    }
}
