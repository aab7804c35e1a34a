using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Tenancy;
using MediatR;

namespace Kagi.Frontend.Features.Settings;

/// <summary>DELETE /api/t/{tenant}/settings/ip-allowlist (operator token): empties a tenant's allow-list,
/// for a tenant that locked itself out.</summary>
public static class ResetIpAllowList
{
    public sealed record Command(string TenantId) : MediatR.IRequest<TenantSecuritySettings>, IOperatorRequest, IFailClosedRequest
    {
        public string AuditAction => "settings.ip-allowlist.reset";
        public string? AuditSubject => "ip-allowlist";
    }

    public sealed class Handler(IClusterClient cluster) : IRequestHandler<Command, TenantSecuritySettings>
    {
        public Task<TenantSecuritySettings> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ITenantSecurityGrain>(request.TenantId).ResetIpAllowListAsync();
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapDelete(Routes.Tenant + "/settings/ip-allowlist", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant), cancellationToken)));
    }
}
