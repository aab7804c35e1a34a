using System.Collections.Immutable;
using Kagi.Frontend.Features.Accounts;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>
/// PUT /api/t/{tenant}/presets/{id:id} {"accountIds","duration","purpose",…} and GET …/presets: a
/// user's saved requests. Submit one with POST …/requests {"preset":"id","from"?}.
/// </summary>
public static class Presets
{
    public sealed record Body(
        [property: Identifier] ImmutableArray<string> AccountIds,
        string Duration,
        string Purpose,
        string? WorkContent = null,
        string? TicketReference = null,
        ImmutableDictionary<string, string>? CustomFields = null);

    [AllowedRoles(KagiRoles.User)]
    public sealed record Put(string TenantId, string PresetId, Body Preset) : MediatR.IRequest<RequestPreset>, IFailClosedRequest
    {
        public string AuditAction => "preset.put";
        public string? AuditSubject => PresetId;
        public string? AuditDetail => $"accounts {string.Join(", ", Preset.AccountIds.IsDefault ? [] : Preset.AccountIds)}; duration {Preset.Duration}";
    }

    [AnyRole]
    public sealed record List(string TenantId) : MediatR.IRequest<ImmutableArray<RequestPreset>>, ITenantRequest, IIdempotentRequest;

    public sealed class Validator : IRequestValidator<Put>
    {
        public void Validate(Put request, ValidationErrors errors)
        {
            errors.Identifier("id", request.PresetId);
            if (SetAccountPolicy.Duration(request.Preset.Duration) is null)
            {
                errors.Add("duration", "must be an ISO 8601 duration such as PT2H.");
            }

            errors.Required("purpose", request.Preset.Purpose, RequestLimits.MaximumTextLength);
        }
    }

    public sealed class PutHandler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Put, RequestPreset>
    {
        public Task<RequestPreset> Handle(Put request, CancellationToken cancellationToken)
        {
            var body = request.Preset;
            var caller = callers.Required;
            var preset = new RequestPreset(request.PresetId, caller.Username, body.AccountIds.IsDefault ? [] : body.AccountIds, SetAccountPolicy.Duration(body.Duration)!.Value, body.Purpose)
            {
                WorkContent = body.WorkContent,
                TicketReference = body.TicketReference,
                CustomFields = body.CustomFields ?? ImmutableDictionary<string, string>.Empty,
            };
            return cluster.GetGrain<IWorkflowCatalogGrain>(request.TenantId).PutPresetAsync(caller, preset);
        }
    }

    public sealed class ListHandler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<List, ImmutableArray<RequestPreset>>
    {
        public Task<ImmutableArray<RequestPreset>> Handle(List request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IWorkflowCatalogGrain>(request.TenantId).ListPresetsAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapPut(Routes.Tenant + "/presets/{id:id}", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Put(tenant, id, body), cancellationToken))).Sends<Put>();
            routes.MapGet(Routes.Tenant + "/presets", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(new { items = await mediator.Send(new List(tenant), cancellationToken) })).Sends<List>();
        }
    }
}
