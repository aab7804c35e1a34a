using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Profile;

/// <summary>POST /api/t/{tenant}/me/mfa/totp {"currentPassword"}: a new TOTP secret, shown this once (pending
/// until confirmed). The password is asked again so a session left open cannot bind someone else's device.</summary>
public static class EnrolTotp
{
    public sealed record Body(string CurrentPassword)
    {
        public override string ToString() => "EnrolTotp { }";
    }

    [AnyRole]
    public sealed record Command(string TenantId, string CurrentPassword) : MediatR.IRequest<Response>, IFailClosedRequest, IStepRequest, IInteractiveRequest
    {
        public string AuditAction => "user.mfa.enrol";
        public string? AuditSubject => null;

        public override string ToString() => $"EnrolTotp {{ TenantId = {TenantId} }}";
    }

    /// <summary><paramref name="QrPng"/>: the PNG, base64.</summary>
    public sealed record Response(string Secret, string OtpauthUri, string QrPng)
    {
        public override string ToString() => "EnrolTotp.Response { (secret) }";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) =>
            errors.Required("currentPassword", request.CurrentPassword, ValidationErrors.MaximumPasswordLength);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            var enrolment = await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, caller.Username)).BeginTotpEnrolmentAsync(caller, new PasswordProof(request.CurrentPassword));
            return new Response(enrolment.Secret, enrolment.OtpauthUri, Convert.ToBase64String(enrolment.QrPng));
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/me/mfa/totp", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, body.CurrentPassword), cancellationToken)))
                .RevealsSecrets();
    }
}
