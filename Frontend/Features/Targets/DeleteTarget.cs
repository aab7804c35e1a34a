using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Targets;

/// <summary>DELETE /api/t/{tenant}/targets/{id:id} (admin): takes the target out of Kagi and erases its sealed admin
/// credential. Refused (409 invalid-state, naming them) while accounts on it are still managed: delete those first.</summary>
public static class DeleteTarget
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string TargetId) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        public string AuditAction => "target.delete";
        public string? AuditSubject => TargetId;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("id", request.TargetId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await cluster.GetGrain<ITargetGrain>(GrainKeys.For(request.TenantId, request.TargetId)).RemoveAsync(callers.Required);
            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapDelete(Routes.Tenant + "/targets/{id:id}", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant, id), cancellationToken);
                return TypedResults.NoContent();
            });
    }
}
