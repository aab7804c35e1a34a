using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Incidents;
using MediatR;

namespace Kagi.Frontend.Features.Incidents;

/// <summary>
/// POST /api/incidents (operator) <c>{"id","title":{"en","ja"},"body":{"en","ja"},"tenants":[…]}</c> or
/// <c>"allTenants":true</c>: announces an incident (an outage, a restore) to the admins of every tenant named, by
/// mail and webhook in each admin's language and as an in-app notice; each tenant's audit log records it as
/// <c>kagi:operator</c> (<c>incident.announce</c>). The operator's <c>id</c> makes it idempotent: the same call
/// again tells nobody twice and finishes what a failed call left; other words under a used id are 409.
/// </summary>
public static class AnnounceIncident
{
    public sealed record Texts(string? En = null, string? Ja = null);

    /// <summary>The JSON body (a record named after it could not hold a <c>body</c> member).</summary>
    public sealed record Payload([property: Identifier] string? Id = null, Texts? Title = null, Texts? Body = null,
        [property: Identifier] ImmutableArray<string>? Tenants = null, bool AllTenants = false);

    public sealed record Command(IncidentAnnouncement Announcement, ImmutableArray<string>? Tenants, bool AllTenants) : MediatR.IRequest<IncidentBroadcastResult>, IOperatorRequest;

    /// <summary>Who is meant must be said: no list is not "everyone" by accident. The texts and the tenants' ids
    /// are checked by the broadcast grain (<c>IncidentAnnouncements</c>), whoever calls it.</summary>
    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            if (request.AllTenants == request.Tenants is { IsDefaultOrEmpty: false })
            {
                errors.Add("tenants", "name the tenants, or set allTenants (not both).");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, IncidentBroadcastResult>
    {
        public Task<IncidentBroadcastResult> Handle(Command request, CancellationToken cancellationToken) =>
            // The operator acts in many tenants here; the broadcast names each tenant in the caller it hands on.
            cluster.GetGrain<IIncidentBroadcastGrain>(0).AnnounceAsync(Caller.Operator(string.Empty, callers.IpAddress), request.Announcement,
                request.AllTenants ? [] : request.Tenants!.Value);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost("/api/incidents", async (Payload body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(
                    new IncidentAnnouncement(body.Id ?? "", body.Title?.En ?? "", body.Title?.Ja ?? "", body.Body?.En ?? "", body.Body?.Ja ?? ""),
                    body.Tenants, body.AllTenants), cancellationToken)));
    }
}
