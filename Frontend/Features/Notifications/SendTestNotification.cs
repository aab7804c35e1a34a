using System.Collections.Immutable;
using System.Globalization;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Notifications;
using MediatR;

namespace Kagi.Frontend.Features.Notifications;

/// <summary>
/// POST /api/t/{tenant}/settings/notifications/test (admin): enqueues <c>notification.test</c> to the
/// calling admin (in their locale) and to every webhook; 202 with the notification id. Whether it
/// arrived shows in GET …/notifications.
/// </summary>
public static class SendTestNotification
{
    public sealed record Response(string NotificationId);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId) : MediatR.IRequest<Response>, IFailClosedRequest
    {
        public string AuditAction => "notifications.test";
        public string? AuditSubject => null;
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, TimeProvider time) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            var parameters = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["tenant"] = request.TenantId,
                ["requestedBy"] = caller.Username,
                ["time"] = time.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            });
            var id = await cluster.GetGrain<INotificationOutboxGrain>(request.TenantId)
                .EnqueueAsync(caller, new NotificationRequest(NotificationEvents.Test, [caller.Username], ToAdmins: false, parameters));
            return new Response(id);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/settings/notifications/test", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Accepted((string?)null, await mediator.Send(new Command(tenant), cancellationToken)));
    }
}
