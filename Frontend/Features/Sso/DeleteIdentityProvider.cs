using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Sso;

/// <summary>DELETE /api/t/{tenant}/sso/providers/{id:id} (admin): removes an identity provider; its users keep their Kagi
/// accounts but cannot sign in through it any more. The last provider cannot go while "SSO only" is on (409).</summary>
public static class DeleteIdentityProvider
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string ProviderId) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        public string AuditAction => "sso.provider-delete";
        public string? AuditSubject => ProviderId;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("id", request.ProviderId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await cluster.GetGrain<ISsoSettingsGrain>(request.TenantId).RemoveProviderAsync(callers.Required, request.ProviderId);
            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapDelete(Routes.Tenant + "/sso/providers/{id:id}", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant, id), cancellationToken);
                return TypedResults.NoContent();
            });
    }
}
