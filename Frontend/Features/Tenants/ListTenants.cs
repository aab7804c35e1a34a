using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Tenancy;
using MediatR;

namespace Kagi.Frontend.Features.Tenants;

/// <summary>GET /api/tenants?limit=&amp;continuation= (operator): every tenant in id order, with whether it is suspended.</summary>
public static class ListTenants
{
    public sealed record Page(ImmutableArray<TenantInfo> Tenants, string? Continuation);

    public sealed record Query(int Limit, string? Continuation) : MediatR.IRequest<Page>, IOperatorRequest;

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            if (request.Limit is < 1 or > 200)
            {
                errors.Add("limit", "must be from 1 to 200.");
            }

            if (request.Continuation is not null && !Identifiers.IsValidTenant(request.Continuation))
            {
                errors.Add("continuation", $"must be {Identifiers.TenantRule}.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            // One more than asked tells whether another page follows.
            var ids = await cluster.GetGrain<ITenantDirectoryGrain>(0).PageAsync(request.Continuation, request.Limit + 1);
            var page = ids.Take(request.Limit).ToList();
            var tenants = await Task.WhenAll(page.Select(id => cluster.GetGrain<ITenantGrain>(id).GetAsync()));
            return new Page([.. tenants.OfType<TenantInfo>()], ids.Length > request.Limit ? page[^1] : null);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet("/api/tenants", async (int? limit, string? continuation, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(limit ?? 100, Identifiers.Fold(continuation)), cancellationToken)));
    }
}
