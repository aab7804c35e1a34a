using Kagi.Audit;
using Kagi.Errors;
using Kagi.Frontend.Problems;
using Kagi.Frontend.Security;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Records every audited request, refused or done, in the tenant's log. A success is answered only
/// after its record is stored: if the log cannot store it the caller gets 503, not the result.
/// A fail-closed request (<see cref="IFailClosedRequest"/>: it reveals or changes a secret or a
/// policy) first stores an <c>intent</c> record; while the log cannot store it, nothing is done.
/// </summary>
[PipelineStage(1)]
public sealed class AuditBehavior<TRequest, TResponse>(ICallerContext callers, IClusterClient cluster, TimeProvider time)
    : IPipelineBehavior<TRequest, TResponse>
{
    public const string OperatorActor = "kagi:operator";

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not IAuditedRequest audited || ActorFor(audited) is not { } actor)
        {
            return await next();
        }

        if (audited is IFailClosedRequest)
        {
            await AppendAsync(audited, actor, AuditResults.Intent, audited.AuditDetail);
        }

        TResponse response;
        try
        {
            response = await next();
        }
        catch (Exception e) when (e is KagiException or RequestValidationException)
        {
            await AppendAsync(audited, actor, AuditResults.Failure, Join(audited.AuditDetail, Describe(e)));
            throw;
        }

        await AppendAsync(audited, actor, AuditResults.Success, audited.AuditDetail);
        return response;
    }

    /// <summary>Who to record: the signed-in user of this tenant, or whoever a sign-in claims to be.
    /// Requests from outside the tenant are not written into its log.</summary>
    private string? ActorFor(IAuditedRequest request) => request switch
    {
        ISignInRequest signIn => signIn.ClaimedUsername,
        IOperatorRequest when callers.IsOperator => OperatorActor,
        _ when callers.Caller is { } caller && caller.TenantId == request.TenantId => caller.Username,
        _ => null,
    };

    private async Task AppendAsync(IAuditedRequest request, string actor, string result, string? detail)
    {
        var entry = new AuditEvent(time.GetUtcNow(), actor, request.AuditAction, request.AuditSubject, result, callers.IpAddress, detail)
        {
            AccountId = request.AuditAccountId,
            RequestId = request.AuditRequestId,
        };
        await cluster.GetGrain<IAuditLogGrain>(request.TenantId).AppendAsync(entry);
    }

    private static string? Join(string? first, string second) => first is null ? second : $"{first}; {second}";

    // Problem codes and validated field names only: messages could quote input.
    private static string Describe(Exception e) => e switch
    {
        KagiException kagi => ProblemTypes.Of(kagi.Code).Slug,
        RequestValidationException invalid => "invalid: " + string.Join(", ", invalid.Errors.Keys),
        _ => "error",
    };
}
