using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>POST /api/t/{tenant}/requests/{id:id}/revoke {"reason"} (admin): ends access now; held accounts are checked in and rotated.</summary>
public static class RevokeRequest
{
    public sealed record Body(string Reason);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string RequestId, string Reason) : MediatR.IRequest<AccessRequestInfo>, IFailClosedRequest
    {
        public string AuditAction => "request.revoke";
        public string? AuditSubject => RequestId;
        public string? AuditRequestId => RequestId;
        public string? AuditDetail => Reason;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.RequestId);
            errors.Required("reason", request.Reason, RequestLimits.MaximumTextLength);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, AccessRequestInfo>
    {
        public Task<AccessRequestInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId)).RevokeAsync(callers.Required, request.Reason);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/requests/{id:id}/revoke", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, body.Reason), cancellationToken)));
    }
}
