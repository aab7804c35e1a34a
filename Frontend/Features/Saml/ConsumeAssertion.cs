using Kagi.Errors;
using Kagi.Frontend.Features.Sso;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Saml;

/// <summary>
/// POST /saml/{tenant}/acs (form <c>SAMLResponse</c>, <c>RelayState</c>): the tenant's assertion consumer service, where
/// the IdP's page posts the browser's answer (HTTP-POST binding). Anonymous, and no antiforgery token: the post comes
/// from the IdP's page; what binds it is the RelayState (the flow Kagi started), the one-time cookie of the browser that
/// started it, and the response's own InResponseTo. The flow grain validates the response and spends its assertion id;
/// then the sign-in ends as every single sign-on does (<see cref="SsoCompletion"/>, <see cref="SsoAnswer"/>). Audited
/// as <c>auth.sso</c> with the provider, the subject and the reason code, refusals included.
/// </summary>
public static class ConsumeAssertion
{
    public sealed record Command(string TenantId, string? SamlResponse, string? RelayState, string BindingHash, Uri PublicUrl)
        : MediatR.IRequest<CompleteSso.Response>, ISignInRequest, IAuditedRequest
    {
        public string? DeviceToken { get; init; }

        /// <summary>Filled in by the handler, read by the audit behavior and the endpoint after it.</summary>
        public SsoTrace Trace { get; } = new();

        public string ClaimedUsername => Trace.Username ?? "sso:" + (Trace.ProviderId ?? "saml");
        public string AuditAction => "auth.sso";
        public string? AuditSubject => Trace.Username;
        public string? AuditDetail => Trace.Describe(Trace.ProviderId ?? "unknown");

        public override string ToString() => $"ConsumeAssertion {{ TenantId = {TenantId} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Required("SAMLResponse", request.SamlResponse, 256 * 1024);
            errors.Required("RelayState", request.RelayState, 80);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, FrontendSettings settings) : IRequestHandler<Command, CompleteSso.Response>
    {
        public async Task<CompleteSso.Response> Handle(Command request, CancellationToken cancellationToken)
        {
            request.Trace.UserAgent = callers.UserAgent;
            if (!IsRelayState(request.RelayState))
            {
                request.Trace.Reason = SsoReasons.UnknownFlow;
                throw new KagiException(ProblemCode.SsoRefused, "This sign-in is unknown or finished; start again.");
            }

            var outcome = await cluster.GetGrain<ISamlSignInGrain>(GrainKeys.For(request.TenantId, request.RelayState!))
                .CompleteAsync(Caller.System(request.TenantId), new SamlCallback(request.SamlResponse!, request.BindingHash, request.PublicUrl));
            request.Trace.ProviderId = outcome.Identity?.ProviderId ?? outcome.ProviderId;
            return await SsoCompletion.SignInAsync(cluster, callers, settings, request.TenantId, outcome, request.DeviceToken, request.Trace);
        }

        // Kagi's own flow keys are 43 base64url characters; anything else names no flow.
        private static bool IsRelayState(string? relayState) =>
            relayState is { Length: > 0 and <= 64 } && relayState.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_');
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost("/saml/{tenant:tenant}/acs", async Task<IResult> (string tenant, HttpContext http, IMediator mediator, FrontendSettings settings, CancellationToken cancellationToken) =>
            {
                var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(cancellationToken) : null;
                var binding = http.Request.Cookies[SsoBrowser.SamlCookie];
                var command = new Command(tenant, form?["SAMLResponse"].FirstOrDefault(), form?["RelayState"].FirstOrDefault(),
                    binding is null ? "" : SsoBrowser.Hash(binding), settings.PublicUrl)
                {
                    DeviceToken = http.Request.Cookies[DeviceTokens.Cookie],
                };
                SsoBrowser.ForgetForSaml(http, tenant);
                return await SsoAnswer.SendAsync(http, tenant, mediator, command, command.Trace, cancellationToken);
            }).DisableAntiforgery().RevealsSecrets().RateLimited(RateLimitedKind.SignIn);
    }
}
