using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests.Workflows;
using MediatR;

namespace Kagi.Frontend.Features.Workflows;

/// <summary>DELETE /api/t/{tenant}/workflows/{id:id} (admin): removes a workflow. Requests already submitted keep the
/// version they were submitted under (each request stores it); new requests get the next matching workflow. The
/// built-in default cannot be removed (409).</summary>
public static class DeleteWorkflow
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string WorkflowId) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        public string AuditAction => "workflow.delete";
        public string? AuditSubject => WorkflowId;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors) => errors.Identifier("id", request.WorkflowId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await cluster.GetGrain<IWorkflowCatalogGrain>(request.TenantId).RemoveAsync(callers.Required, request.WorkflowId);
            return Unit.Value;
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapDelete(Routes.Tenant + "/workflows/{id:id}", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant, id), cancellationToken);
                return TypedResults.NoContent();
            });
    }
}
