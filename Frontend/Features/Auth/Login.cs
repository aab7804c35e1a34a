using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Auth;

/// <summary>POST /api/t/{tenant}/auth/login: a password for a session token.</summary>
public static class Login
{
    public sealed record Body(string Username, string Password)
    {
        public override string ToString() => $"Login {{ Username = {Username} }}";
    }

    public sealed record Command(string TenantId, string Username, string Password)
        : MediatR.IRequest<Response>, IAnonymousRequest, IAuditedRequest
    {
        public string ClaimedUsername => Username;
        public string AuditAction => "auth.login";
        public string? AuditSubject => Username;

        public override string ToString() => $"Login {{ TenantId = {TenantId}, Username = {Username} }}";
    }

    public sealed record Response(string Token, DateTimeOffset ExpiresAt);

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Required("username", request.Username, 64);
            errors.Required("password", request.Password, ValidationErrors.MaximumPasswordLength);
        }
    }

    public sealed class Handler(IClusterClient cluster, FrontendSettings settings, TimeProvider time) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command request, CancellationToken cancellationToken)
        {
            // One answer for an unknown tenant, an unknown user and a wrong password.
            var user = await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username)).CheckPasswordAsync(request.Password)
                ?? throw new KagiException(ProblemCode.InvalidCredentials, "The username or password is wrong.");
            var token = SessionTokens.Issue(request.TenantId);
            var expiresAt = time.GetUtcNow() + settings.SessionLifetime;
            await cluster.GetGrain<ISessionGrain>(SessionTokens.GrainKeyOf(token)!).StartAsync(new SessionInfo(user.TenantId, user.Username, user.Roles, expiresAt));
            return new Response(token, expiresAt);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/auth/login", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, body.Username, body.Password), cancellationToken)));
    }
}
