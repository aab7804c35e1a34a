using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Notifications;
using MediatR;

namespace Kagi.Frontend.Features.Notifications;

/// <summary>GET /api/t/{tenant}/settings/notifications (admin): the channels, saying whether a password or secret is set, never what it is.</summary>
public static class ReadNotificationSettings
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Query(string TenantId) : MediatR.IRequest<NotificationSettingsView>, ITenantRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, NotificationSettingsView>
    {
        public Task<NotificationSettingsView> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<INotificationSettingsGrain>(request.TenantId).GetAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/settings/notifications", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant), cancellationToken)));
    }
}
