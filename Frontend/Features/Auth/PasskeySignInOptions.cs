using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Auth;

/// <summary>
/// POST /api/t/{tenant}/auth/passkey/options {"username"}: WebAuthn request options for navigator.credentials.get,
/// whose answer goes to /auth/login as "passkey" beside the password. The user grain remembers the challenge (once,
/// five minutes); the options are alike for every username, so they tell nobody which names exist.
/// </summary>
public static class PasskeySignInOptions
{
    public sealed record Body([property: Identifier] string Username);

    public sealed record Command(string TenantId, string Username) : MediatR.IRequest<string>, ITenantRequest, IAnonymousRequest
    {
        public override string ToString() => $"PasskeySignInOptions {{ TenantId = {TenantId}, Username = {Username} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("username", request.Username);
    }

    public sealed class Handler(IClusterClient cluster, FrontendSettings settings) : IRequestHandler<Command, string>
    {
        public Task<string> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username)).BeginPasskeySignInAsync(PasskeyRelyingParties.Of(settings));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/auth/passkey/options", async (string tenant, Body body, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var options = await mediator.Send(new Command(tenant, body.Username), cancellationToken);
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Text(options, "application/json");
            }).RateLimited(RateLimitedKind.SignIn);
    }
}
