using Kagi.Audit;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using MediatR;

namespace Kagi.Frontend.Features.Audit;

/// <summary>GET /api/t/{tenant}/settings/audit (admin): retention, SIEM destinations (http URLs with their
/// user info and query shown as <c>***</c>) and scheduled reports, as <see cref="UpdateAuditSettings"/> answers them.</summary>
public static class ReadAuditSettings
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Query(string TenantId) : MediatR.IRequest<UpdateAuditSettings.Response>, ITenantRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, UpdateAuditSettings.Response>
    {
        public async Task<UpdateAuditSettings.Response> Handle(Query request, CancellationToken cancellationToken) =>
            UpdateAuditSettings.Response.From(await cluster.GetGrain<IAuditLogGrain>(request.TenantId).GetSettingsAsync(callers.Required));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/settings/audit", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant), cancellationToken)));
    }
}
