using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Targets;

/// <summary>GET /api/t/{tenant}/targets/{id:id} (admin, auditor): the target's metadata; never its admin password.</summary>
public static class GetTarget
{
    [AllowedRoles(KagiRoles.Admin, KagiRoles.Auditor)]
    public sealed record Query(string TenantId, string TargetId) : MediatR.IRequest<TargetInfo>, ITenantRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors) => errors.Identifier("id", request.TargetId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, TargetInfo>
    {
        public async Task<TargetInfo> Handle(Query request, CancellationToken cancellationToken) =>
            await cluster.GetGrain<ITargetGrain>(GrainKeys.For(request.TenantId, request.TargetId)).GetAsync(callers.Required)
            ?? throw new KagiException(ProblemCode.NotFound, $"Target '{request.TargetId}' was not found.");
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/targets/{id:id}", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, id), cancellationToken)));
    }
}
