using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Keys;

/// <summary>
/// POST /api/t/{tenant}/keys/rotate (admin): a new data key for the tenant; every secret is re-sealed
/// with it in the background. GET /api/t/{tenant}/keys shows the keys and the progress.
/// </summary>
public static class RotateDataKey
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId) : MediatR.IRequest<TenantKeyStatus>, IFailClosedRequest
    {
        public string AuditAction => "keys.rotate";
        public string? AuditSubject => "data key";
    }

    [AllowedRoles(KagiRoles.Admin, KagiRoles.Auditor)]
    public sealed record Query(string TenantId) : MediatR.IRequest<TenantKeyStatus>, ITenantRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, TenantKeyStatus>, IRequestHandler<Query, TenantKeyStatus>
    {
        public Task<TenantKeyStatus> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.RotateDataKeyAsync(request.TenantId, callers.Required);

        public Task<TenantKeyStatus> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ITenantKeyGrain>(request.TenantId).GetStatusAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapPost(Routes.Tenant + "/keys/rotate", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant), cancellationToken))).Sends<Command>();
            routes.MapGet(Routes.Tenant + "/keys", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant), cancellationToken))).Sends<Query>();
        }
    }
}
