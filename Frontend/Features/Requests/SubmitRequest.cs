using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>POST /api/t/{tenant}/requests (user): asks for an account for a time window.</summary>
public static class SubmitRequest
{
    public sealed record Body(string AccountId, DateTimeOffset From, DateTimeOffset Until, string Reason);

    [AllowedRoles(KagiRoles.User)]
    public sealed record Command(string TenantId, string RequestId, Body Request) : MediatR.IRequest<AccessRequestInfo>, IAuditedRequest
    {
        public string AuditAction => "request.create";
        public string? AuditSubject => RequestId;
        public string? AuditRequestId => RequestId;
        public string? AuditAccountId => Request.AccountId;
        public string? AuditDetail => $"account {Request.AccountId} from {Request.From.UtcDateTime:O} until {Request.Until.UtcDateTime:O}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("accountId", request.Request.AccountId);
            errors.Required("reason", request.Request.Reason, 2000);
            if (request.Request.Until <= request.Request.From)
            {
                errors.Add("until", "must be later than 'from'.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, AccessRequestInfo>
    {
        public Task<AccessRequestInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccessRequestGrain>(GrainKeys.For(request.TenantId, request.RequestId)).SubmitAsync(callers.Required,
                new NewAccessRequest(request.Request.AccountId, request.Request.From, request.Request.Until, request.Request.Reason));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/requests", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var created = await mediator.Send(new Command(tenant, Guid.NewGuid().ToString("N"), body), cancellationToken);
                return TypedResults.Created($"/api/t/{tenant}/requests/{created.Id}", created);
            });
    }
}
