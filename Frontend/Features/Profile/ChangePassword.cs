using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Profile;

/// <summary>POST /api/t/{tenant}/me/password: the user changes their password; all their sessions end.</summary>
public static class ChangePassword
{
    public sealed record Body(string CurrentPassword, string NewPassword)
    {
        public override string ToString() => "ChangePassword { }";
    }

    [AnyRole]
    public sealed record Command(string TenantId, string CurrentPassword, string NewPassword)
        : MediatR.IRequest<Unit>, IFailClosedRequest, IStepRequest, IInteractiveRequest
    {
        public string AuditAction => "user.password.change";
        public string? AuditSubject => null;

        public override string ToString() => $"ChangePassword {{ TenantId = {TenantId} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Required("currentPassword", request.CurrentPassword, ValidationErrors.MaximumPasswordLength);
            errors.Password("newPassword", request.NewPassword);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, caller.Username))
                .ChangePasswordAsync(caller, new PasswordChange(request.CurrentPassword, request.NewPassword));
            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/me/password", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant, body.CurrentPassword, body.NewPassword), cancellationToken);
                return TypedResults.NoContent();
            });
    }
}
