using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>
/// GET /api/t/{tenant}/imports/{id}?after=&amp;limit= (admin): an import job's status (queued, running, completed,
/// failed), its counts, and one page of decided lines after line <c>after</c>; <c>next</c> is the <c>after</c> of the
/// next page. A job of another tenant, or one removed after its retention, is 404.
/// </summary>
public static class GetImport
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Query(string TenantId, string JobId, int After, int Limit) : MediatR.IRequest<AccountImportJob>, ITenantRequest, IIdempotentRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            errors.Identifier("id", request.JobId);
            if (request.After < 0)
            {
                errors.Add("after", "must be 0 or more.");
            }

            if (request.Limit is < 1 or > 500)
            {
                errors.Add("limit", "must be from 1 to 500.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, AccountImportJob>
    {
        public Task<AccountImportJob> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccountImportJobGrain>(GrainKeys.For(request.TenantId, request.JobId)).GetAsync(callers.Required, request.After, request.Limit);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/imports/{id:id}", async (string tenant, string id, int? after, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, id, after ?? 0, limit ?? 100), cancellationToken)));
    }
}
