using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Sso;

/// <summary>
/// POST /oidc/{tenant}/{id:id}/backchannel-logout (form <c>logout_token</c>): OpenID Connect Back-Channel Logout 1.0.
/// The identity provider's server posts it when a person signs out there; the logout grain checks the token and ends
/// every Kagi session of that provider session (or subject), auditing <c>session.ended</c> (reason <c>idp-logout</c>)
/// for each user. 200 with an empty body; a refused token is 400 <c>logout-token-refused</c> and ends nothing. Never
/// cached (the specification asks <c>no-store</c>).
/// </summary>
public static class BackChannelLogout
{
    /// <summary>
    /// Anonymous, and no tenant request: the provider's server posts it, not a person, so the tenant's allow-lists
    /// (which are about people) do not apply, and ending sessions only ever takes access away. What vouches for it is
    /// the provider's signature. The grain writes the audit records, one per user whose sessions ended.
    /// </summary>
    public sealed record Command(string TenantId, string ProviderId, string? LogoutToken) : MediatR.IRequest<int>, IAnonymousRequest
    {
        public override string ToString() => $"BackChannelLogout {{ TenantId = {TenantId}, ProviderId = {ProviderId} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.ProviderId);
            errors.Required("logout_token", request.LogoutToken, 16 * 1024);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, RecentAnswers answers) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var ended = await cluster.GetGrain<IOidcLogoutGrain>(GrainKeys.For(request.TenantId, request.ProviderId))
                .BackChannelLogoutAsync(Caller.System(request.TenantId), request.LogoutToken!, callers.IpAddress);

            // Not a tenant request, so the admission behavior does not mark this change: without this, the sessions
            // just ended would still be answered from this Frontend's recent answers for up to a second.
            answers.Changed(request.TenantId);
            return ended;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost("/oidc/{tenant:tenant}/{id:id}/backchannel-logout", async Task<IResult> (string tenant, string id, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(cancellationToken) : null;
                await mediator.Send(new Command(tenant, id, form?["logout_token"].FirstOrDefault()), cancellationToken);
                return TypedResults.Ok();
            }).DisableAntiforgery().RevealsSecrets(); // no-store, as the specification asks of the answer
    }
}
