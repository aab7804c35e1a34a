using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Targets;

/// <summary>
/// GET /api/t/{tenant}/targets?limit=&amp;continuation= (admin, auditor): targets in id order with their
/// metadata. The page of ids comes from the inventory table, each target's metadata from its grain,
/// so what is shown is what the target holds now.
/// </summary>
public static class ListTargets
{
    public const int MaximumLimit = 100;

    public sealed record Page(ImmutableArray<TargetInfo> Targets, string? Continuation);

    [AllowedRoles(KagiRoles.Admin, KagiRoles.Auditor)]
    public sealed record Query(string TenantId, int Limit, string? Continuation) : MediatR.IRequest<Page>, ITenantRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            if (request.Limit is < 1 or > MaximumLimit)
            {
                errors.Add("limit", $"must be from 1 to {MaximumLimit}.");
            }

            if (request.Continuation is not null)
            {
                errors.Identifier("continuation", request.Continuation);
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            var ids = await cluster.GetGrain<ITenantInventoryGrain>(request.TenantId).ListTargetPageAsync(caller, request.Continuation, request.Limit);
            var infos = await Task.WhenAll(ids.TargetIds.Select(id => cluster.GetGrain<ITargetGrain>(GrainKeys.For(request.TenantId, id)).GetAsync(caller)));
            return new Page([.. infos.OfType<TargetInfo>()], ids.Continuation);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/targets", async (string tenant, int? limit, string? continuation, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, limit ?? MaximumLimit, Identifiers.Fold(continuation)), cancellationToken)));
    }
}
