using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Tenancy;
using MediatR;

namespace Kagi.Frontend.Features.Tenants;

/// <summary>
/// POST /api/tenants/{tenant}/suspend and …/resume (operator): while suspended, every sign-in and call of the tenant is
/// refused with 403 tenant-suspended (<see cref="TenantAdmissionBehavior{TRequest, TResponse}"/>), sessions included;
/// Kagi's own work for it (rotations, heartbeats, request timers) goes on, so no password outlives its schedule.
/// </summary>
public static class SuspendTenant
{
    public sealed record Command(string TenantId, bool Suspended) : MediatR.IRequest<TenantInfo>, IOperatorRequest, IFailClosedRequest
    {
        public string AuditAction => Suspended ? "tenant.suspend" : "tenant.resume";
        public string? AuditSubject => TenantId;
    }

    public sealed class Handler(IClusterClient cluster) : IRequestHandler<Command, TenantInfo>
    {
        public Task<TenantInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ITenantGrain>(request.TenantId).SetSuspendedAsync(request.Suspended);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            const string path = "/api/tenants/{tenant:" + TenantIdRouteConstraint.Name + "}";
            routes.MapPost(path + "/suspend", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, Suspended: true), cancellationToken)));
            routes.MapPost(path + "/resume", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, Suspended: false), cancellationToken)));
        }
    }
}
