using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Sso;

/// <summary>
/// GET /api/t/{tenant}/auth/sso/{id:id}/callback?code&amp;state: where the identity provider sends the browser back. The
/// flow grain checks the flow and the id_token and maps the groups; the user grain runs the checks every sign-in shares,
/// creates or refreshes the user and starts the session. An API client gets the session token as JSON (as from
/// <c>/auth/login</c>); the console gets its cookie and is sent on. Audited as <c>auth.sso</c> with provider and subject.
/// </summary>
public static class CompleteSso
{
    public sealed record Command(string TenantId, string ProviderId, string? State, string? Code, string? Error, string BindingHash)
        : MediatR.IRequest<Response>, ISignInRequest, IAuditedRequest
    {
        public string? DeviceToken { get; init; }

        /// <summary>Filled in by the handler, read by the audit behavior and the endpoint after it.</summary>
        public SsoTrace Trace { get; } = new();

        public string ClaimedUsername => Trace.Username ?? "sso:" + ProviderId;
        public string AuditAction => "auth.sso";
        public string? AuditSubject => Trace.Username;
        public string? AuditDetail => Trace.Describe(ProviderId);

        public override string ToString() => $"CompleteSso {{ TenantId = {TenantId}, ProviderId = {ProviderId} }}";
    }

    /// <param name="Restriction">A step the session must take first, if any.</param>
    /// <param name="DeviceToken">Set when this device had none; send it back on later sign-ins.</param>
    public sealed record Response(string Token, DateTimeOffset ExpiresAt, string Username, string? Restriction, string? DeviceToken)
    {
        public override string ToString() => $"CompleteSso.Response {{ Username = {Username}, ExpiresAt = {ExpiresAt:O} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.ProviderId);
            if (request.Error is null)
            {
                errors.Required("state", request.State, 64);
                errors.Required("code", request.Code, 2048);
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, FrontendSettings settings) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command request, CancellationToken cancellationToken)
        {
            request.Trace.UserAgent = callers.UserAgent;
            if (request.Error is { } error)
            {
                request.Trace.Reason = SsoReasons.ProviderError;
                throw new KagiException(ProblemCode.SsoRefused, "The identity provider did not sign you in" + (IsErrorCode(error) ? $" ({error})." : "."));
            }

            if (!IsState(request.State))
            {
                request.Trace.Reason = SsoReasons.UnknownFlow;
                throw new KagiException(ProblemCode.SsoRefused, "This sign-in is unknown or finished; start again.");
            }

            var flow = cluster.GetGrain<IOidcSignInGrain>(GrainKeys.For(request.TenantId, request.State!));
            var outcome = await flow.CompleteAsync(Caller.System(request.TenantId), new OidcCallback(request.ProviderId, request.Code!, request.BindingHash));
            return await SsoCompletion.SignInAsync(cluster, callers, settings, request.TenantId, outcome, request.DeviceToken, request.Trace);
        }

        // Only the provider's error code is repeated, and only when it is one: never its free text.
        private static bool IsErrorCode(string error) => error.Length <= 64 && error.All(c => c is (>= 'a' and <= 'z') or '_');

        private static bool IsState(string? state) =>
            state is { Length: > 0 and <= 64 } && state.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_');
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Hosting.Routes.Tenant + "/auth/sso/{id:id}/callback", async Task<IResult> (string tenant, string id, string? code, string? state, string? error,
                HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var binding = http.Request.Cookies[SsoBrowser.Cookie];
                var command = new Command(tenant, id, state, code, error, binding is null ? "" : SsoBrowser.Hash(binding))
                {
                    DeviceToken = http.Request.Cookies[DeviceTokens.Cookie],
                };
                SsoBrowser.Forget(http, tenant);
                return await SsoAnswer.SendAsync(http, tenant, mediator, command, command.Trace, cancellationToken);
            }).RevealsSecrets().RateLimited(RateLimitedKind.SignIn);
    }
}
