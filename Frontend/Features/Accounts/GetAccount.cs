using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>GET /api/t/{tenant}/accounts/{id:id}: metadata and lease, never the password.</summary>
public static class GetAccount
{
    [AnyRole]
    public sealed record Query(string TenantId, string AccountId) : MediatR.IRequest<AccountInfo>, ITenantRequest, IIdempotentRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors) => errors.Identifier("id", request.AccountId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, AccountInfo>
    {
        public Task<AccountInfo> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(request.TenantId, request.AccountId)).GetAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/accounts/{id:id}", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, id), cancellationToken)));
    }
}
