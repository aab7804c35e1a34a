using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>POST /api/t/{tenant}/accounts/{id:id}/checkin: returns the account; its password is rotated.</summary>
public static class CheckIn
{
    [AnyRole]
    public sealed record Command(string TenantId, string AccountId) : MediatR.IRequest<CheckinResult>, IFailClosedRequest
    {
        public string AuditAction => "account.checkin";
        public string? AuditSubject => AccountId;
        public string? AuditAccountId => AccountId;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("id", request.AccountId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, CheckinResult>
    {
        public Task<CheckinResult> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(request.TenantId, request.AccountId)).CheckInAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/accounts/{id:id}/checkin", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id), cancellationToken)));
    }
}
