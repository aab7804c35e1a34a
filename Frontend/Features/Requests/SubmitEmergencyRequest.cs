using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>
/// POST /api/t/{tenant}/requests/emergency {"accountIds","until","reason"} (user): break-glass
/// access from now, under a workflow that allows it. Admins are alerted at once; the approval and a
/// post-work report are owed afterwards.
/// </summary>
public static class SubmitEmergencyRequest
{
    public sealed record Body([property: Identifier] ImmutableArray<string> AccountIds, DateTimeOffset Until, string Reason);

    [AllowedRoles(KagiRoles.User)]
    public sealed record Command(string TenantId, string RequestId, Body Request) : MediatR.IRequest<AccessRequestInfo>, IFailClosedRequest
    {
        public string AuditAction => "request.emergency";
        public string? AuditSubject => RequestId;
        public string? AuditRequestId => RequestId;
        public string? AuditAccountId => Request.AccountIds.IsDefaultOrEmpty ? null : Request.AccountIds[0];
        public string? AuditDetail => $"accounts {string.Join(", ", Request.AccountIds.IsDefault ? [] : Request.AccountIds)} until {Request.Until.UtcDateTime:O}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            var ids = request.Request.AccountIds;
            if (ids.IsDefaultOrEmpty || ids.Length > RequestLimits.MaximumItems)
            {
                errors.Add("accountIds", $"names 1 to {RequestLimits.MaximumItems} accounts.");
            }

            for (var i = 0; !ids.IsDefault && i < ids.Length; i++)
            {
                errors.Identifier($"accountIds[{i}]", ids[i]);
            }

            errors.Required("reason", request.Request.Reason, RequestLimits.MaximumTextLength);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, TimeProvider time) : IRequestHandler<Command, AccessRequestInfo>
    {
        public Task<AccessRequestInfo> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var body = request.Request;
            var submission = new NewAccessRequest(body.AccountIds[0], now, body.Until, body.Reason)
            {
                Items = [.. body.AccountIds.Select(id => new RequestItem(id, now, body.Until))],
            };
            return cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId)).SubmitEmergencyAsync(callers.Required, submission);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/requests/emergency", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var created = await mediator.Send(new Command(tenant, Guid.NewGuid().ToString("N"), body), cancellationToken);
                return TypedResults.Created($"/api/t/{tenant}/requests/{created.Id}", created);
            });
    }
}
