using Kagi.Audit;
using Kagi.Errors;
using Kagi.Frontend.Problems;
using Kagi.Frontend.Security;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Writes one request's audit records (scoped: one per request). Whether the request got past
/// authorization and validation (<see cref="IsAdmitted"/>) decides whether its detail, which is built
/// from the request's own fields, may be recorded: a refused request is recorded with its action and
/// the refusal only.
/// </summary>
public sealed class AuditWriter(ICallerContext callers, IClusterClient cluster, TimeProvider time)
{
    public const string OperatorActor = "kagi:operator";

    // By request, not by scope: a bulk decision sends its decisions through the pipeline in one scope.
    private readonly HashSet<object> _admitted = new(ReferenceEqualityComparer.Instance);

    public void Admit(object request) => _admitted.Add(request);

    public bool IsAdmitted(object request) => _admitted.Contains(request);

    /// <summary>Who to record: the signed-in user of this tenant, or whoever a sign-in claims to be.
    /// Requests from outside the tenant are not written into its log.</summary>
    public string? ActorFor(IAuditedRequest request) => request switch
    {
        // A tenant id from a body (tenant creation) is not checked yet: a malformed one names no log.
        _ when !Identifiers.IsValidTenant(request.TenantId) => null,
        ISignInRequest signIn => signIn.ClaimedUsername,
        IOperatorRequest when callers.IsOperator => OperatorActor,
        _ when callers.Caller is { } caller && caller.TenantId == request.TenantId => caller.Username,
        _ => null,
    };

    public async Task AppendAsync(IAuditedRequest request, string actor, string result, string? detail)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entry = new AuditEvent(time.GetUtcNow(), actor, request.AuditAction, request.AuditSubject, result, callers.IpAddress, detail)
        {
            AccountId = request.AuditAccountId,
            RequestId = request.AuditRequestId,
        };
        await cluster.GetGrain<IAuditLogGrain>(request.TenantId).AppendAsync(entry);
    }

    /// <summary>How a refusal is recorded: problem codes and validated field names only, since messages could quote input.</summary>
    public static string Describe(Exception e) => e switch
    {
        KagiException kagi => ProblemTypes.Of(kagi.Code).Slug,
        RequestValidationException invalid => "invalid: " + string.Join(", ", invalid.Errors.Keys),
        _ => "error",
    };
}
