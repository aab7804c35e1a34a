using Kagi.Frontend.Security;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Refuses whatever its declared access (<see cref="RequestAccess"/>) does not allow, by
/// <see cref="AccessDecision"/>, the same decision <see cref="AccessGate"/> takes before an endpoint reads its
/// body. Requests that came through an endpoint were already let through there; this is the lock for every
/// other sender (the console) and the second lock for all.
/// </summary>
[PipelineStage(2)]
public sealed class AuthorizationBehavior<TRequest, TResponse>(ICallerContext callers) : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (AccessDecision.Refusal(typeof(TRequest), (request as ITenantRequest)?.TenantId, callers) is { } refusal)
        {
            throw refusal;
        }

        return next();
    }
}
