using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>
/// POST /api/t/{tenant}/requests (user): asks for accounts for a time window. Either one account
/// (<c>accountId</c>, <c>from</c>, <c>until</c>), several (<c>accounts</c>: each with its own
/// window), or a saved <c>preset</c> starting at <c>from</c> (now if absent). <c>reason</c> is the
/// purpose; the governing workflow decides which of <c>workContent</c>, <c>ticketReference</c> and
/// <c>customFields</c> are required.
/// </summary>
public static class SubmitRequest
{
    public sealed record Body(
        [property: Identifier] string? AccountId = null,
        DateTimeOffset? From = null,
        DateTimeOffset? Until = null,
        string? Reason = null,
        ImmutableArray<RequestItemBody>? Accounts = null,
        string? WorkContent = null,
        string? TicketReference = null,
        ImmutableDictionary<string, string>? CustomFields = null,
        [property: Identifier] string? Preset = null);

    [AllowedRoles(KagiRoles.User)]
    public sealed record Command(string TenantId, string RequestId, Body Request) : MediatR.IRequest<AccessRequestInfo>, IFailClosedRequest
    {
        public string AuditAction => "request.create";
        public string? AuditSubject => RequestId;
        public string? AuditRequestId => RequestId;
        public string? AuditAccountId => Request.AccountId ?? Request.Accounts?.FirstOrDefault()?.AccountId;
        public string? AuditDetail => Request.Preset is { } preset
            ? $"preset {preset}"
            : Request.Accounts is { } items
                ? string.Join("; ", items.Select(i => $"account {i.AccountId} from {i.From.UtcDateTime:O} until {i.Until.UtcDateTime:O}"))
                : $"account {Request.AccountId} from {Request.From?.UtcDateTime:O} until {Request.Until?.UtcDateTime:O}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            var body = request.Request;
            if (body.Preset is { } preset)
            {
                errors.Identifier("preset", preset);
            }
            else if (body.Accounts is { } items)
            {
                RequestBodyRules.Items(errors, items);
                if (items.IsEmpty)
                {
                    errors.Add("accounts", "names no account.");
                }
            }
            else
            {
                errors.Identifier("accountId", body.AccountId);
                if (body.From is null || body.Until is null)
                {
                    errors.Add("until", "'from' and 'until' are required.");
                }
                else if (body.Until <= body.From)
                {
                    errors.Add("until", "must be later than 'from'.");
                }
            }

            if (body.Preset is null)
            {
                errors.Required("reason", body.Reason, RequestLimits.MaximumTextLength);
            }

            RequestBodyRules.Text(errors, "workContent", body.WorkContent, RequestLimits.MaximumTextLength);
            RequestBodyRules.Text(errors, "ticketReference", body.TicketReference, RequestLimits.MaximumTicketLength);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, TimeProvider time) : IRequestHandler<Command, AccessRequestInfo>
    {
        public async Task<AccessRequestInfo> Handle(Command request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            var body = request.Request;
            NewAccessRequest submission;
            if (body.Preset is { } presetId)
            {
                var preset = await cluster.GetGrain<IWorkflowCatalogGrain>(request.TenantId).GetPresetAsync(caller, presetId);
                submission = preset.ToRequest(body.From ?? time.GetUtcNow(), body.Reason, body.WorkContent, body.TicketReference, body.CustomFields);
            }
            else
            {
                var items = body.Accounts is { } list ? RequestBodyRules.ToItems(list) : [new RequestItem(body.AccountId!, body.From!.Value, body.Until!.Value)];
                submission = new NewAccessRequest(items[0].AccountId, items[0].From, items[0].Until, body.Reason!)
                {
                    Items = items,
                    WorkContent = body.WorkContent,
                    TicketReference = body.TicketReference,
                    CustomFields = body.CustomFields ?? ImmutableDictionary<string, string>.Empty,
                };
            }

            return await cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId)).SubmitAsync(caller, submission);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/requests", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var created = await mediator.Send(new Command(tenant, Guid.NewGuid().ToString("N"), body), cancellationToken);
                return TypedResults.Created($"/api/t/{tenant}/requests/{created.Id}", created);
            });
    }
}
