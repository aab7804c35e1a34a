using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Profile;

/// <summary>POST /api/t/{tenant}/me/mfa/totp/confirm {"code"}: turns MFA on; returns 10 recovery codes, once.</summary>
public static class ConfirmTotp
{
    public sealed record Body(string Code);

    [AnyRole]
    public sealed record Command(string TenantId, string Code) : MediatR.IRequest<Response>, IFailClosedRequest, IStepRequest, IInteractiveRequest
    {
        public string AuditAction => "user.mfa.confirm";
        public string? AuditSubject => null;

        public override string ToString() => $"ConfirmTotp {{ TenantId = {TenantId} }}";
    }

    public sealed record Response(IReadOnlyList<string> RecoveryCodes)
    {
        public override string ToString() => "ConfirmTotp.Response { (recovery codes) }";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Required("code", request.Code, 16);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            var codes = await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, caller.Username)).ConfirmTotpAsync(caller, request.Code);
            return new Response(codes);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/me/mfa/totp/confirm", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, body.Code), cancellationToken)))
                .RevealsSecrets();
    }
}
