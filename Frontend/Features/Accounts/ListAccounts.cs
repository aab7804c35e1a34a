using Kagi.Frontend.Features.Inventory;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>
/// GET /api/t/{tenant}/accounts?status=&amp;target=&amp;prefix=&amp;checkedOut=&amp;limit=&amp;continuation= (admin, auditor):
/// accounts in id order, one page of the tenant's inventory table; every filter given must hold.
/// </summary>
public static class ListAccounts
{
    private static readonly string[] Statuses = ["idle", "pending", "out-of-sync"];

    [AllowedRoles(KagiRoles.Admin, KagiRoles.Auditor)]
    public sealed record Query(string TenantId, string? Status, int Limit, string? Continuation) : MediatR.IRequest<AccountPage>, ITenantRequest, IIdempotentRequest
    {
        public string? TargetId { get; init; }
        public string? NamePrefix { get; init; }
        public string? CheckedOut { get; init; }
    }

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            if (request.Status is not null && !Statuses.Contains(request.Status))
            {
                errors.Add("status", $"must be one of: {string.Join(", ", Statuses)}.");
            }

            if (request.Limit is < 1 or > 500)
            {
                errors.Add("limit", "must be from 1 to 500.");
            }

            if (request.Continuation is not null)
            {
                errors.Identifier("continuation", request.Continuation);
            }

            if (request.TargetId is not null)
            {
                errors.Identifier("target", request.TargetId);
            }

            ListFilters.Prefix(errors, request.NamePrefix);
            ListFilters.Switch(errors, "checkedOut", request.CheckedOut);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, AccountPage>
    {
        public Task<AccountPage> Handle(Query request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ITenantInventoryGrain>(request.TenantId).ListAccountsAsync(callers.Required,
                new AccountQuery { Status = request.Status, TargetId = request.TargetId, NamePrefix = request.NamePrefix, CheckedOut = ListFilters.ToSwitch(request.CheckedOut) },
                request.Continuation, request.Limit);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/accounts", async (string tenant, string? status, string? target, string? prefix, string? checkedOut, int? limit, string? continuation,
                IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, status, limit ?? 100, Identifiers.Fold(continuation))
                {
                    TargetId = Identifiers.Fold(target),
                    NamePrefix = Identifiers.Fold(prefix),
                    CheckedOut = checkedOut,
                }, cancellationToken)));
    }
}
