using Kagi.Audit;
using Kagi.Errors;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Records every audited request, refused or done, in the tenant's log. A success is answered only
/// after its record is stored: if the log cannot store it the caller gets 503, not the result. A
/// request refused before it was admitted (authorization, allow-list, validation) is recorded without
/// the detail built from its fields; the intent record of a fail-closed request is written after
/// admission, by <see cref="AuditIntentBehavior{TRequest, TResponse}"/>. A caller an endpoint refuses
/// before reading its body never gets here: <see cref="AccessGate"/> records that refusal.
/// </summary>
[PipelineStage(1)]
public sealed class AuditBehavior<TRequest, TResponse>(AuditWriter audit) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not IAuditedRequest audited || audit.ActorFor(audited) is not { } actor)
        {
            return await next();
        }

        TResponse response;
        try
        {
            response = await next();
        }
        catch (Exception e) when (e is KagiException or RequestValidationException)
        {
            await audit.AppendAsync(audited, audit.ActorFor(audited) ?? actor, AuditResults.Failure, audit.IsAdmitted(audited) ? Join(audited.AuditDetail, AuditWriter.Describe(e)) : AuditWriter.Describe(e));
            throw;
        }

        // Asked again: a single sign-on learns who signs in only from the identity provider's answer.
        await audit.AppendAsync(audited, audit.ActorFor(audited) ?? actor, AuditResults.Success, audited.AuditDetail);
        return response;
    }

    private static string? Join(string? first, string second) => first is null ? second : $"{first}; {second}";
}
