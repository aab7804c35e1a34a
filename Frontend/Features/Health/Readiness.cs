using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Health;
using MediatR;

namespace Kagi.Frontend.Features.Health;

/// <summary>
/// GET /health/live (the process answers) and GET /health/ready (the cluster answers; a timeout or
/// an unreachable silo becomes a 503 cluster-unavailable problem).
/// </summary>
public static class Readiness
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public sealed record LiveQuery : MediatR.IRequest<Response>, IAnonymousRequest;

    public sealed record ReadyQuery : MediatR.IRequest<Response>, IAnonymousRequest;

    public sealed record Response(string Status, DateTimeOffset Time);

    public sealed class LiveHandler(TimeProvider time) : IRequestHandler<LiveQuery, Response>
    {
        public Task<Response> Handle(LiveQuery request, CancellationToken cancellationToken) =>
            Task.FromResult(new Response("live", time.GetUtcNow()));
    }

    public sealed class ReadyHandler(IClusterClient cluster) : IRequestHandler<ReadyQuery, Response>
    {
        public async Task<Response> Handle(ReadyQuery request, CancellationToken cancellationToken) =>
            new("ready", await cluster.GetGrain<IClusterHealthGrain>(0).PingAsync().WaitAsync(Timeout, cancellationToken));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapGet("/health/live", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new LiveQuery(), cancellationToken))).Sends<LiveQuery>();
            routes.MapGet("/health/ready", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ReadyQuery(), cancellationToken))).Sends<ReadyQuery>();
        }
    }
}
