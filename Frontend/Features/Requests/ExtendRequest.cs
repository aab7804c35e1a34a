using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>POST /api/t/{tenant}/requests/{id:id}/extend {"until","reason"} (the requester): asks for more time; every step approves again.</summary>
public static class ExtendRequest
{
    public sealed record Body(DateTimeOffset Until, string Reason);

    [AllowedRoles(KagiRoles.User)]
    public sealed record Command(string TenantId, string RequestId, Body Extension) : MediatR.IRequest<AccessRequestInfo>, IFailClosedRequest
    {
        public string AuditAction => "request.extend";
        public string? AuditSubject => RequestId;
        public string? AuditRequestId => RequestId;
        public string? AuditDetail => $"until {Extension.Until.UtcDateTime:O}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.RequestId);
            errors.Required("reason", request.Extension.Reason, RequestLimits.MaximumTextLength);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, AccessRequestInfo>
    {
        public Task<AccessRequestInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId))
                .ExtendAsync(callers.Required, request.Extension.Until, request.Extension.Reason);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/requests/{id:id}/extend", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, body), cancellationToken)));
    }
}
