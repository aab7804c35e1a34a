using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests.Workflows;
using MediatR;

namespace Kagi.Frontend.Features.Workflows;

/// <summary>PUT /api/t/{tenant}/workflows/{id:id} (admin): creates or replaces a workflow. Requests already submitted keep the version they were submitted under.</summary>
public static class PutWorkflow
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string WorkflowId, WorkflowBody Workflow) : MediatR.IRequest<WorkflowInfo>, IFailClosedRequest
    {
        public string AuditAction => "workflow.put";
        public string? AuditSubject => WorkflowId;
        public string? AuditDetail =>
            $"'{Workflow.Name}': {Workflow.Steps?.Length ?? 0} step(s), emergency {Workflow.Emergency?.Allowed ?? false}, " +
            $"auto-approval rules {Workflow.AutoApprove?.Length ?? 0}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.WorkflowId);
            request.Workflow.Validate(errors);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, WorkflowInfo>
    {
        public Task<WorkflowInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IWorkflowCatalogGrain>(request.TenantId).PutAsync(callers.Required, request.WorkflowId, request.Workflow.ToDefinition());
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/workflows/{id:id}", async (string tenant, string id, WorkflowBody body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, body), cancellationToken)));
    }
}
