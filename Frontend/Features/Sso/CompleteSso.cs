using System.Net;
using Kagi.Errors;
using Kagi.Frontend.Features.Auth;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using Kagi.Identity;
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
            request.Trace.ForConsole = outcome.ForConsole;
            request.Trace.Reason = outcome.Reason;
            request.Trace.Subject = outcome.Identity?.Subject;
            request.Trace.Username = outcome.Identity?.Username;
            if (outcome.Identity is not { } identity || outcome.Message is not null)
            {
                throw new KagiException(ProblemCode.SsoRefused, outcome.Message ?? "The single sign-on was refused.");
            }

            var token = SessionTokens.Issue(request.TenantId);
            var newDevice = string.IsNullOrWhiteSpace(request.DeviceToken);
            var device = newDevice ? DeviceTokens.Issue() : request.DeviceToken!;
            var attempt = new SsoSignInAttempt(identity, callers.IpAddress, callers.UserAgent, SessionTokens.GrainKeyOf(token)!)
            {
                DeviceHash = DeviceTokens.Hash(device),
                MaximumLifetime = settings.SessionLifetime,
            };
            var result = await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, identity.Username)).SsoSignInAsync(Caller.System(request.TenantId), attempt);
            request.Trace.Reason = result.Reason;
            request.Trace.RiskScore = result.RiskScore;
            request.Trace.RiskSignals = result.RiskSignals;
            if (result.Session is not { } session)
            {
                throw new KagiException(result.Refusal ?? ProblemCode.SsoRefused, result.Message ?? "The single sign-on was refused.");
            }

            return new Response(token, session.ExpiresAt, identity.Username,
                session.Restriction == SessionRestriction.None ? null : Restrictions.Name(session.Restriction), newDevice ? device : null);
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
                http.Response.Headers.CacheControl = "no-store";
                Response response;
                try
                {
                    response = await mediator.Send(command, cancellationToken);
                }
                catch (KagiException refused) when (command.Trace.ForConsole)
                {
                    // The console shows the refusal on its sign-in page, in the person's language.
                    return Results.Redirect($"{Console.ConsoleSession.PathOf(tenant)}/sign-in?sso={ProblemTypesSlug(refused.Code)}");
                }

                if (!command.Trace.ForConsole)
                {
                    if (response.DeviceToken is { } issued)
                    {
                        http.Response.Cookies.Append(DeviceTokens.Cookie, issued, new CookieOptions
                        {
                            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365), Path = "/api/t/" + tenant + "/auth",
                        });
                    }

                    return Results.Ok(response);
                }

                Console.ConsoleSession.Start(http, tenant, response.Token, response.ExpiresAt);
                if (response.DeviceToken is { } consoleDevice)
                {
                    Console.ConsoleSession.RememberDevice(http, tenant, consoleDevice);
                }

                // A page, not a redirect: the console's cookie is SameSite=Strict, and a redirect chain that began at the
                // provider's site counts as cross-site, so the browser would not send it on the first console request.
                var home = WebUtility.HtmlEncode(Console.ConsoleSession.PathOf(tenant));
                return Results.Content($"<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={home}\"><title>Kagi</title></head><body><a href=\"{home}\">Kagi</a></body></html>", "text/html; charset=utf-8");
            }).RevealsSecrets().RateLimited(RateLimitedKind.SignIn);

        private static string ProblemTypesSlug(ProblemCode code) => Problems.ProblemTypes.Of(code).Slug;
    }
}
