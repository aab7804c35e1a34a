using System.Collections.Immutable;
using Kagi.Frontend.Features.Inventory;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests.Workflows;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>
/// GET /api/t/{tenant}/me/requestable-accounts?prefix=&amp;target=&amp;limit=&amp;continuation= (user): the accounts the
/// caller may request, in id order, each with the workflow a request would go through. An account is left out when
/// its workflow could never approve the caller's request (no approver besides the caller), as submission would refuse it.
/// </summary>
public static class ListRequestable
{
    /// <summary>Inventory pages read for one answer at most, so a requester who may request little cannot make one call scan the tenant.</summary>
    private const int MaximumScans = 10;
    private const int ScanSize = 200;

    [AllowedRoles(KagiRoles.User)]
    public sealed record Query(string TenantId, string? NamePrefix, string? TargetId, int Limit, string? Continuation)
        : MediatR.IRequest<RequestablePage>, ITenantRequest, IIdempotentRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            if (request.Limit is < 1 or > 100)
            {
                errors.Add("limit", "must be from 1 to 100.");
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
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, RequestablePage>
    {
        public async Task<RequestablePage> Handle(Query request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            var inventory = cluster.GetGrain<ITenantInventoryGrain>(request.TenantId);
            var catalog = cluster.GetGrain<IWorkflowCatalogGrain>(request.TenantId);
            var query = new AccountQuery { TargetId = request.TargetId, NamePrefix = request.NamePrefix };
            var found = ImmutableArray.CreateBuilder<RequestableAccount>();
            var after = request.Continuation;
            for (var scan = 0; scan < MaximumScans; scan++)
            {
                var page = await inventory.ListAccountsAsync(caller, query, after, ScanSize);
                foreach (var account in await catalog.FilterRequestableAsync(caller, page.Accounts))
                {
                    found.Add(account);
                    if (found.Count == request.Limit)
                    {
                        // More may follow this one, in the rest of the page or beyond it.
                        var more = account.Id != page.Accounts[^1].Id || page.Continuation is not null;
                        return new RequestablePage(found.ToImmutable(), more ? account.Id : null);
                    }
                }

                after = page.Continuation;
                if (after is null)
                {
                    break;
                }
            }

            return new RequestablePage(found.ToImmutable(), after);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/me/requestable-accounts", async (string tenant, string? prefix, string? target, int? limit, string? continuation,
                IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, Identifiers.Fold(prefix), Identifiers.Fold(target), limit ?? 50, Identifiers.Fold(continuation)), cancellationToken)));
    }
}

/// <summary>One page of requestable accounts; <see cref="Continuation"/> is null on the last.</summary>
public sealed record RequestablePage(ImmutableArray<RequestableAccount> Accounts, string? Continuation);
