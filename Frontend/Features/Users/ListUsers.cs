using Kagi.Frontend.Features.Inventory;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>
/// GET /api/t/{tenant}/users?role=&amp;group=&amp;status=&amp;prefix=&amp;limit=&amp;continuation= (admin, auditor):
/// users in name order as the tenant's directory holds them (roles, groups, email, locale, disabled,
/// delegation), one page of the inventory table; every filter given must hold.
/// </summary>
public static class ListUsers
{
    private static readonly string[] Statuses = [UserQuery.Active, UserQuery.Disabled];

    [AllowedRoles(KagiRoles.Admin, KagiRoles.Auditor)]
    public sealed record Query(string TenantId, UserQuery Filter, int Limit, string? Continuation) : MediatR.IRequest<UserPage>, ITenantRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            var filter = request.Filter;
            if (filter.Role is not null && !KagiRoles.All.Contains(filter.Role))
            {
                errors.Add("role", $"must be one of: {string.Join(", ", KagiRoles.All)}.");
            }

            if (filter.Group is not null)
            {
                errors.Identifier("group", filter.Group);
            }

            if (filter.Status is not null && !Statuses.Contains(filter.Status))
            {
                errors.Add("status", $"must be one of: {string.Join(", ", Statuses)}.");
            }

            ListFilters.Prefix(errors, filter.NamePrefix);
            if (request.Limit is < 1 or > 500)
            {
                errors.Add("limit", "must be from 1 to 500.");
            }

            if (request.Continuation is not null)
            {
                errors.Identifier("continuation", request.Continuation);
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, UserPage>
    {
        public Task<UserPage> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ITenantInventoryGrain>(request.TenantId).ListUsersAsync(callers.Required, request.Filter, request.Continuation, request.Limit);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/users", async (string tenant, string? role, string? group, string? status, string? prefix, int? limit, string? continuation,
                IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant,
                    new UserQuery { Role = role, Group = Identifiers.Fold(group), Status = status, NamePrefix = Identifiers.Fold(prefix) },
                    limit ?? 100, Identifiers.Fold(continuation)), cancellationToken)));
    }
}
