using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Keys;

/// <summary>
/// POST /api/keys/rotate (operator): a new key-encryption key version, then every tenant's data keys
/// re-wrapped with it (each tenant's audit log records it). Needs a keyring (KAGI_KEYRING) on the silos.
/// </summary>
public static class RotateKek
{
    public sealed record Command : MediatR.IRequest<Response>, IOperatorRequest;

    public sealed record Response(int KekId);

    public sealed class Handler(IClusterClient cluster) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command request, CancellationToken cancellationToken) =>
            new(await cluster.GetGrain<IKeyringGrain>(0).RotateKekAsync());
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost("/api/keys/rotate", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(), cancellationToken)));
    }
}
