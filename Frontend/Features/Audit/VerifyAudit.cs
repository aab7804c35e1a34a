using System.Text.Json.Serialization;
using Kagi.Audit;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using MediatR;

namespace Kagi.Frontend.Features.Audit;

/// <summary>
/// GET /api/t/{tenant}/audit/verify (auditor, admin): checks the whole chain and its signed
/// checkpoints in storage; names the oldest broken record and how it broke.
/// </summary>
public static class VerifyAudit
{
    [AllowedRoles(KagiRoles.Auditor, KagiRoles.Admin)]
    public sealed record Query(string TenantId) : MediatR.IRequest<Response>, IAuditedRequest
    {
        public string AuditAction => "audit.verify";
        public string? AuditSubject => null;
    }

    public sealed record Response(
        bool Valid,
        long Records,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? FirstBroken,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Problem,
        long AnchorSequence,
        long Checkpoints);

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query request, CancellationToken cancellationToken)
        {
            var result = await cluster.GetGrain<IAuditLogGrain>(request.TenantId).VerifyAsync(callers.Required);
            return new Response(result.Valid, result.Records, result.FirstBroken, result.Problem, result.AnchorSequence, result.Checkpoints);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/audit/verify", async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant), cancellationToken))).RateLimited(RateLimitedKind.Export);
    }
}
