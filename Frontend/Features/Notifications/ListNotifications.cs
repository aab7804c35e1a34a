using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Notifications;
using MediatR;

namespace Kagi.Frontend.Features.Notifications;

/// <summary>
/// GET /api/t/{tenant}/notifications?status=pending|sent|failed&amp;limit=&amp;continuation= (admin): one page of
/// the outbox's deliveries, newest first: id, event, channel (email/webhook), recipient (address or webhook
/// id), status, attempts, lastError, nextAttemptAt, requestId, createdAt.
/// </summary>
public static class ListNotifications
{
    public const int DefaultLimit = 100;

    public sealed record Response(ImmutableArray<NotificationDelivery> Deliveries, string? Continuation = null);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Query(string TenantId, string? Status, int Limit = DefaultLimit, string? Continuation = null) : MediatR.IRequest<Response>, ITenantRequest, IIdempotentRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            if (request.Status is not (null or NotificationDelivery.Pending or NotificationDelivery.Sent or NotificationDelivery.Failed))
            {
                errors.Add("status", "must be pending, sent or failed.");
            }

            if (request.Limit is < 1 or > NotificationPage.MaximumSize)
            {
                errors.Add("limit", $"must be from 1 to {NotificationPage.MaximumSize}.");
            }

            if (request.Continuation is not null)
            {
                errors.Identifier("continuation", request.Continuation);
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query request, CancellationToken cancellationToken)
        {
            var page = await cluster.GetGrain<INotificationOutboxGrain>(request.TenantId).ListAsync(callers.Required, request.Status, request.Continuation, request.Limit);
            return new Response(page.Deliveries, page.Continuation);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/notifications", async (string tenant, string? status, int? limit, string? continuation, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, status, limit ?? DefaultLimit, continuation), cancellationToken)));
    }
}
