using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Targets;

/// <summary>POST /api/t/{tenant}/targets (admin): a system whose accounts Kagi will manage.</summary>
public static class CreateTarget
{
    public sealed record Body(string Id, string Kind, string Host, int Port, string AdminUsername, string AdminPassword, string? Database = null)
    {
        public override string ToString() => $"CreateTarget {{ Id = {Id}, Kind = {Kind}, Host = {Host}, Port = {Port} }}";
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, Body Target) : MediatR.IRequest<TargetInfo>, IFailClosedRequest
    {
        public string AuditAction => "target.create";
        public string? AuditSubject => Target.Id;
        public string? AuditDetail => $"{Target.Kind} {Target.Host}:{Target.Port} admin {Target.AdminUsername}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            var target = request.Target;
            errors.Identifier("id", target.Id);
            errors.Required("kind", target.Kind, 32);
            errors.Required("host", target.Host, 255);
            if (target.Port is < 1 or > 65535)
            {
                errors.Add("port", "must be from 1 to 65535.");
            }

            if (target.Database is { Length: > 63 })
            {
                errors.Add("database", "must be at most 63 characters.");
            }

            errors.Required("adminUsername", target.AdminUsername, 128);
            errors.Required("adminPassword", target.AdminPassword, 1024);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, TargetInfo>
    {
        public Task<TargetInfo> Handle(Command request, CancellationToken cancellationToken)
        {
            var target = request.Target;
            return cluster.GetGrain<ITargetGrain>(GrainKeys.For(request.TenantId, target.Id)).RegisterAsync(callers.Required,
                new TargetRegistration(target.Kind, target.Host.Trim(), target.Port, target.Database, target.AdminUsername, target.AdminPassword));
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/targets", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Created((string?)null, await mediator.Send(new Command(tenant, body), cancellationToken)));
    }
}
