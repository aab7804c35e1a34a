using Kagi.Audit;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Runs after authorization and validation, right before the handler: from here on the request's
/// audit detail may be recorded, and a fail-closed request (<see cref="IFailClosedRequest"/>: it
/// reveals or changes a secret, a policy or who may do what) first stores an <c>intent</c> record;
/// while the log cannot store it, nothing is done.
/// </summary>
[PipelineStage(5)]
public sealed class AuditIntentBehavior<TRequest, TResponse>(AuditWriter audit) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is IAuditedRequest audited)
        {
            audit.Admit(audited);
            if (audited is IFailClosedRequest && audit.ActorFor(audited) is { } actor)
            {
                await audit.AppendAsync(audited, actor, AuditResults.Intent, audited.AuditDetail);
            }
        }

        return await next();
    }
}
