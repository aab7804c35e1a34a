using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Tenancy;
using MediatR;

namespace Kagi.Frontend.Features.Tenants;

/// <summary>POST /api/tenants (operator): opens a tenant with its first admin.</summary>
public static class CreateTenant
{
    public sealed record Command([property: Identifier] string Id, string Name, [property: Identifier] string AdminUsername, string AdminPassword)
        : MediatR.IRequest<TenantInfo>, IOperatorRequest, IAuditedRequest
    {
        public string TenantId => Id;
        public string AuditAction => "tenant.create";
        public string? AuditSubject => Id;
        public string? AuditDetail => $"admin {AdminUsername}";

        public override string ToString() => $"CreateTenant {{ Id = {Id}, AdminUsername = {AdminUsername} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            if (!Identifiers.IsValidTenant(request.Id))
            {
                errors.Add("id", $"must be {Identifiers.TenantRule}.");
            }

            errors.Required("name", request.Name);
            errors.Identifier("adminUsername", request.AdminUsername);
            errors.Password("adminPassword", request.AdminPassword);
        }
    }

    public sealed class Handler(IClusterClient cluster) : IRequestHandler<Command, TenantInfo>
    {
        public Task<TenantInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ITenantGrain>(request.Id).CreateAsync(new TenantCreation(request.Name.Trim(), request.AdminUsername, request.AdminPassword));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost("/api/tenants", async (Command command, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Created((string?)null, await mediator.Send(command, cancellationToken)));
    }
}
