using Kagi.Audit;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using MediatR;

namespace Kagi.Frontend.Features.Audit;

/// <summary>
/// PUT /api/t/{tenant}/settings/audit {"retentionDays"} (admin): how long the tenant's audit
/// records are kept (default 365 days, 30 to 3650). A policy change: fail-closed and audited.
/// </summary>
public static class UpdateAuditSettings
{
    public const int MinimumDays = 30;
    public const int MaximumDays = 3650;

    public sealed record Body(int RetentionDays);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, int RetentionDays) : MediatR.IRequest<Response>, IFailClosedRequest
    {
        public string AuditAction => "settings.audit.update";
        public string? AuditSubject => null;
        public string? AuditDetail => $"retention {RetentionDays} days";
    }

    public sealed record Response(int RetentionDays);

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            if (request.RetentionDays is < MinimumDays or > MaximumDays)
            {
                errors.Add("retentionDays", $"must be from {MinimumDays} to {MaximumDays}.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command request, CancellationToken cancellationToken)
        {
            var settings = await cluster.GetGrain<IAuditLogGrain>(request.TenantId).SetSettingsAsync(callers.Required, new AuditSettings(request.RetentionDays));
            return new Response(settings.RetentionDays);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/settings/audit", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, body.RetentionDays), cancellationToken)));
    }
}
