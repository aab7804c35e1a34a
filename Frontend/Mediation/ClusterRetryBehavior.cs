using Kagi.Frontend.Hosting;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Innermost: runs the handler of an <see cref="IIdempotentRequest"/> again when its grain calls lost
/// their silo, within <see cref="ClusterRetry"/>'s budget. Everything outside (authorization, validation,
/// the audit records) happens once. Any other request fails with 503 as before: doing it twice could
/// act twice.
/// </summary>
[PipelineStage(6)]
public sealed class ClusterRetryBehavior<TRequest, TResponse>(ClusterRetry retry) : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return request is IIdempotentRequest ? retry.RunAsync(() => next(), cancellationToken) : next();
    }
}
