using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Inventory;

/// <summary>
/// POST /api/t/{tenant}/inventory/rebuild (admin): empties the tenant's inventory table (accounts, users,
/// targets; delegations are kept) and request index, and fills them again from what the account, user,
/// target and request grains hold. Listings are incomplete while it runs; answers the counts found.
/// </summary>
public static class RebuildInventory
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId) : MediatR.IRequest<InventoryRebuild>, IFailClosedRequest
    {
        public string AuditAction => "inventory.rebuild";
        public string? AuditSubject => TenantId;
        public string? AuditDetail => null;
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, InventoryRebuild>
    {
        public Task<InventoryRebuild> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IInventoryRebuildGrain>(request.TenantId).RebuildAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/inventory/rebuild", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant), cancellationToken)));
    }
}
