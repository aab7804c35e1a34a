using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Targets;

/// <summary>
/// POST /api/t/{tenant}/targets/{id:id}/host-key (admin): pins the SSH host key an admin has checked on the server
/// itself, after Kagi sees the server present exactly that key; clears a host key mismatch.
/// </summary>
public static class PinHostKey
{
    public sealed record Body(string HostKeySha256);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string TargetId, Body Pin) : MediatR.IRequest<TargetInfo>, IFailClosedRequest
    {
        public string AuditAction => "target.host-key";
        public string? AuditSubject => TargetId;

        // A fingerprint is not a secret: the record says which key the admin vouched for.
        public string? AuditDetail => $"pin {Pin.HostKeySha256}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.TargetId);
            errors.Required("hostKeySha256", request.Pin.HostKeySha256, 100);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, TargetInfo>
    {
        public Task<TargetInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ITargetGrain>(GrainKeys.For(request.TenantId, request.TargetId))
                .PinHostKeyAsync(callers.Required, request.Pin.HostKeySha256.Trim());
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/targets/{id:id}/host-key", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, body), cancellationToken)));
    }
}
