using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>
/// POST /api/t/{tenant}/requests/{id:id}/approve {"comment"?} and …/reject {"reason"}: the current
/// step's approvers, or someone they delegated to (so any signed-in user may try; the request grain
/// decides). The requester can never decide their own request, whatever roles they hold.
/// </summary>
public static class DecideRequest
{
    public sealed record ApproveBody(string? Comment = null);

    public sealed record RejectBody(string Reason);

    [AnyRole]
    public sealed record Command(string TenantId, string RequestId, bool Approve, string? Comment) : MediatR.IRequest<AccessRequestInfo>, IFailClosedRequest
    {
        public string AuditAction => AuditActionOf(Approve);
        public string? AuditSubject => RequestId;
        public string? AuditRequestId => RequestId;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.RequestId);
            if (!request.Approve)
            {
                errors.Required("reason", request.Comment, 2000);
            }
            else if (request.Comment is { Length: > 2000 })
            {
                errors.Add("comment", "must be at most 2000 characters.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, AccessRequestInfo>
    {
        public Task<AccessRequestInfo> Handle(Command request, CancellationToken cancellationToken)
        {
            var grain = cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId));
            return request.Approve ? grain.ApproveAsync(callers.Required, request.Comment) : grain.RejectAsync(callers.Required, request.Comment!);
        }
    }

    public static string AuditActionOf(bool approve) => approve ? "request.approve" : "request.reject";

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapPost(Routes.Tenant + "/requests/{id:id}/approve", async (string tenant, string id, ApproveBody? body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, true, body?.Comment), cancellationToken)))
                .Sends<Command>(AuditActionOf(approve: true));
            routes.MapPost(Routes.Tenant + "/requests/{id:id}/reject", async (string tenant, string id, RejectBody body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, false, body.Reason), cancellationToken)))
                .Sends<Command>(AuditActionOf(approve: false));
        }
    }
}
