using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>
/// PUT /api/t/{tenant}/users/{username:id}/delegation {"to","from","until"} (the user or an admin):
/// while it runs, <c>to</c> may decide in the user's name; each decision records both people.
/// DELETE ends it.
/// </summary>
public static class SetDelegation
{
    public sealed record Body([property: Identifier] string To, DateTimeOffset From, DateTimeOffset Until);

    [AnyRole]
    public sealed record Command(string TenantId, string Username, Body? Delegation) : MediatR.IRequest<MediatR.Unit>, IFailClosedRequest
    {
        public string AuditAction => Delegation is null ? EndAction : "user.delegation";
        public string? AuditSubject => Username;
        public string? AuditDetail => Delegation is { } d ? $"to {d.To} from {d.From.UtcDateTime:O} until {d.Until.UtcDateTime:O}" : null;
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("username", request.Username);
            if (request.Delegation is { } d)
            {
                errors.Identifier("to", d.To);
                if (d.Until <= d.From)
                {
                    errors.Add("until", "must be later than 'from'.");
                }
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var delegation = request.Delegation is { } d ? new Delegation(d.To, d.From.ToUniversalTime(), d.Until.ToUniversalTime()) : null;
            await cluster.GetGrain<ITenantInventoryGrain>(request.TenantId).SetDelegationAsync(callers.Required, request.Username, delegation);
            return MediatR.Unit.Value;
        }
    }

    public const string EndAction = "user.delegation-end";

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapPut(Routes.Tenant + "/users/{username:id}/delegation", async (string tenant, string username, Body body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant, username, body), cancellationToken);
                return TypedResults.Ok(body);
            });
            routes.MapDelete(Routes.Tenant + "/users/{username:id}/delegation", async (string tenant, string username, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new Command(tenant, username, null), cancellationToken);
                return TypedResults.NoContent();
            }).Sends<Command>(EndAction);
        }
    }
}
