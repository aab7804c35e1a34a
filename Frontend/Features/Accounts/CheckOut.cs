using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
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
        public async Task<CheckoutGrant> Handle(Command request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            var account = cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(request.TenantId, request.AccountId));
            try
            {
                return await account.CheckOutAsync(caller, request.RequestId);
            }
            catch (KagiException e) when (e.Code == ProblemCode.NotFound && e.Fields?.ContainsKey("requestId") == true)
            {
                // An account stores a request only once it is approved (issue 15, P5). For one it does not know, the
                // request says why there is nothing to check out (someone else's, not approved), or returns when it
                // was approved after the account answered: the account has been told by now. Asked here, not by the
                // account, which must never call a request (the request may be waiting on it).
                await cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId)).EnsureMayCheckOutAsync(caller, request.AccountId);
                return await account.CheckOutAsync(caller, request.RequestId);
            }
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/accounts/{id:id}/checkout", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, body.RequestId), cancellationToken)))
                .RevealsSecrets(); // the password must not linger in caches between Kagi and the user
    }
}
