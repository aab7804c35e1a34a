using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>
/// POST /api/t/{tenant}/requests/{id:id}/report {"text"} (the requester) files the post-work report
/// (作業報告); POST …/report/approve (an approver of the workflow or an admin, never the requester) accepts it.
/// </summary>
public static class PostWorkReport
{
    public sealed record Body(string Text);

    [AnyRole]
    public sealed record File(string TenantId, string RequestId, string Text) : MediatR.IRequest<AccessRequestInfo>, IFailClosedRequest
    {
        public string AuditAction => "report.file";
        public string? AuditSubject => RequestId;
        public string? AuditRequestId => RequestId;
        public string? AuditDetail => $"{Text.Length} characters";
    }

    [AnyRole]
    public sealed record Approve(string TenantId, string RequestId) : MediatR.IRequest<AccessRequestInfo>, IFailClosedRequest
    {
        public string AuditAction => "report.approve";
        public string? AuditSubject => RequestId;
        public string? AuditRequestId => RequestId;
    }

    public sealed class FileValidator : IRequestValidator<File>
    {
        public void Validate(File request, ValidationErrors errors)
        {
            errors.Identifier("id", request.RequestId);
            errors.Required("text", request.Text, RequestLimits.MaximumReportLength);
        }
    }

    public sealed class ApproveValidator : IRequestValidator<Approve>
    {
        public void Validate(Approve request, ValidationErrors errors) => errors.Identifier("id", request.RequestId);
    }

    public sealed class FileHandler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<File, AccessRequestInfo>
    {
        public Task<AccessRequestInfo> Handle(File request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId)).FileReportAsync(callers.Required, request.Text);
    }

    public sealed class ApproveHandler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Approve, AccessRequestInfo>
    {
        public Task<AccessRequestInfo> Handle(Approve request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId)).ApproveReportAsync(callers.Required);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapPost(Routes.Tenant + "/requests/{id:id}/report", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new File(tenant, id, body.Text), cancellationToken))).Sends<File>();
            routes.MapPost(Routes.Tenant + "/requests/{id:id}/report/approve", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Approve(tenant, id), cancellationToken))).Sends<Approve>();
        }
    }
}
