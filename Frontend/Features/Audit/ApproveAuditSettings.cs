using Kagi.Audit;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using MediatR;

namespace Kagi.Frontend.Features.Audit;

/// <summary>
/// POST /api/tenants/{tenant}/settings/audit/approve (operator): a tenant's pending weakening of its audit
/// settings (see <see cref="UpdateAuditSettings"/>) takes effect now instead of after its delay. The
/// operator, not a tenant admin, because the admins are the ones the log audits. 404 when nothing waits.
/// </summary>
public static class ApproveAuditSettings
{
    public sealed record Command(string TenantId) : MediatR.IRequest<UpdateAuditSettings.Response>, IOperatorRequest, IFailClosedRequest
    {
        public string AuditAction => "settings.audit.approve";
        public string? AuditSubject => null;
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, UpdateAuditSettings.Response>
    {
        public async Task<UpdateAuditSettings.Response> Handle(Command request, CancellationToken cancellationToken) =>
            UpdateAuditSettings.Response.From(await cluster.GetGrain<IAuditLogGrain>(request.TenantId)
                .ApprovePendingSettingsAsync(Caller.Operator(request.TenantId, callers.IpAddress)));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost("/api/tenants/{tenant:" + TenantIdRouteConstraint.Name + "}/settings/audit/approve",
                async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Command(tenant), cancellationToken)));
    }
}
