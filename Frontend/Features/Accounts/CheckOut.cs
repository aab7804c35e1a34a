using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>POST /api/t/{tenant}/accounts/{id:id}/checkout: the one answer that carries a password.</summary>
public static class CheckOut
{
    public sealed record Body([property: Identifier] string RequestId);

    [AnyRole]
    public sealed record Command(string TenantId, string AccountId, string RequestId) : MediatR.IRequest<CheckoutGrant>, IFailClosedRequest
    {
        public string AuditAction => "account.checkout";
        public string? AuditSubject => AccountId;
        public string? AuditDetail => $"request {RequestId}";
        public string? AuditAccountId => AccountId;
        public string? AuditRequestId => RequestId;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.AccountId);
            errors.Identifier("requestId", request.RequestId);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, CheckoutGrant>
    {
        public Task<CheckoutGrant> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(request.TenantId, request.AccountId)).CheckOutAsync(callers.Required, request.RequestId);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/accounts/{id:id}/checkout", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, body.RequestId), cancellationToken)))
                .RevealsSecrets(); // the password must not linger in caches between Kagi and the user
    }
}
