using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>
/// DELETE /api/t/{tenant}/accounts/{id:id} (admin): takes the account out of management. The target is not touched:
/// the password stays as Kagi last set it, and the audit record says so. Refused (409) while the account is checked
/// out, while a rotation is in flight and while one-time accounts made from it await removal.
/// </summary>
public static class DeleteAccount
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string AccountId) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        /// <summary>What the target was left with, as the account grain tells it; for the audit record.</summary>
        public string? LeftOnTarget { get; set; }

        public string AuditAction => "account.delete";
        public string? AuditSubject => AccountId;
        public string? AuditDetail => LeftOnTarget;
        public string? AuditAccountId => AccountId;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("id", request.AccountId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            request.LeftOnTarget = await cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(request.TenantId, request.AccountId))
                .RemoveAsync(callers.Required);
            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapDelete(Routes.Tenant + "/accounts/{id:id}", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant, id), cancellationToken);
                return TypedResults.NoContent();
            });
    }
}
