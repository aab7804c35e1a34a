using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Auth;

/// <summary>
/// POST /api/t/{tenant}/auth/login: a password (and a TOTP or recovery code, or a passkey's answer to
/// /auth/passkey/options, when MFA is on) for a session token. The user grain decides; the audit record carries its reason and the client's details.
/// </summary>
public static class Login
{
    public sealed record Body([property: Identifier] string Username, string Password, string? Totp = null, string? RecoveryCode = null, string? DeviceToken = null,
        System.Text.Json.JsonElement? Passkey = null)
    {
        public override string ToString() => $"Login {{ Username = {Username} }}";
    }

    public sealed record Command(string TenantId, string Username, string Password, string? Totp, string? RecoveryCode)
        : MediatR.IRequest<Response>, ISignInRequest, IAuditedRequest
    {
        /// <summary>The client's device token (body or cookie), if it has one.</summary>
        public string? DeviceToken { get; init; }

        /// <summary>The PublicKeyCredential navigator.credentials.get answered, as JSON.</summary>
        public string? Passkey { get; init; }

        /// <summary>Filled in by the handler, read by the audit behavior after it.</summary>
        public SignInTrace Trace { get; } = new();

        public string ClaimedUsername => Username;
        public string AuditAction => "auth.login";
        public string? AuditSubject => Username;
        public string? AuditDetail => Trace.Describe();

        public override string ToString() => $"Login {{ TenantId = {TenantId}, Username = {Username} }}";
    }

    /// <summary><paramref name="Restriction"/>: a step the session must take first, if any.
    /// <paramref name="DeviceToken"/>: set when this device had none; send it back on later sign-ins.</summary>
    public sealed record Response(string Token, DateTimeOffset ExpiresAt, string? Restriction, string? DeviceToken)
    {
        public override string ToString() => $"Login.Response {{ ExpiresAt = {ExpiresAt:O} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public const int MaximumPasskeyLength = 16 * 1024;

        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("username", request.Username);
            errors.Required("password", request.Password, ValidationErrors.MaximumPasswordLength);
            if (request.Totp is { Length: > 16 })
            {
                errors.Add("totp", "must be at most 16 characters.");
            }

            if (request.RecoveryCode is { Length: > 64 })
            {
                errors.Add("recoveryCode", "must be at most 64 characters.");
            }

            if (request.Passkey is { Length: > MaximumPasskeyLength })
            {
                errors.Add("passkey", $"must be a WebAuthn credential of at most {MaximumPasskeyLength} characters.");
            }

            if (request.DeviceToken is { Length: > 64 })
            {
                errors.Add("deviceToken", "must be at most 64 characters.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, FrontendSettings settings) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command request, CancellationToken cancellationToken)
        {
            request.Trace.UserAgent = callers.UserAgent;
            if (!await cluster.GetGrain<Kagi.Sso.ISsoSettingsGrain>(request.TenantId).PasswordSignInAllowedAsync(Caller.System(request.TenantId), request.Username))
            {
                // Said before any password is checked, and the same for every name but the break-glass ones.
                request.Trace.Reason = Kagi.Sso.SsoReasons.PasswordOff;
                throw new KagiException(ProblemCode.SsoOnly, "This tenant signs in through its identity provider; password sign-in is only for its break-glass accounts.");
            }

            var token = SessionTokens.Issue(request.TenantId);
            var newDevice = string.IsNullOrWhiteSpace(request.DeviceToken);
            var device = newDevice ? DeviceTokens.Issue() : request.DeviceToken!;
            var attempt = new SignInAttempt(request.Password, request.Totp, request.RecoveryCode, callers.IpAddress, callers.UserAgent, SessionTokens.GrainKeyOf(token)!)
            {
                MaximumLifetime = settings.SessionLifetime,
                DeviceHash = DeviceTokens.Hash(device),
                Passkey = request.Passkey,
                RelyingParty = request.Passkey is null ? null : PasskeyRelyingParties.Of(settings),
            };

            // One answer for an unknown tenant, an unknown user and a wrong password.
            var result = await cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username)).SignInAsync(attempt);
            request.Trace.Reason = result.Reason;
            request.Trace.RiskScore = result.RiskScore;
            request.Trace.RiskSignals = result.RiskSignals;
            if (result.Session is not { } session)
            {
                var code = result.Refusal ?? ProblemCode.InvalidCredentials;
                var message = result.Message ?? "The username or password is wrong.";
                throw result.RetryAfter is { } retryAfter ? new KagiException(code, message, retryAfter) : new KagiException(code, message);
            }

            return new Response(token, session.ExpiresAt, session.Restriction == SessionRestriction.None ? null : Restrictions.Name(session.Restriction), newDevice ? device : null);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/auth/login", async (string tenant, Body body, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var device = body.DeviceToken ?? http.Request.Cookies[DeviceTokens.Cookie];
                var response = await mediator.Send(new Command(tenant, body.Username, body.Password, body.Totp, body.RecoveryCode)
                {
                    DeviceToken = device,
                    Passkey = body.Passkey is { ValueKind: System.Text.Json.JsonValueKind.Object } passkey ? passkey.GetRawText() : null,
                }, cancellationToken);
                if (response.DeviceToken is { } issued)
                {
                    http.Response.Cookies.Append(DeviceTokens.Cookie, issued, new CookieOptions
                    {
                        HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365), Path = "/api/t/" + tenant + "/auth",
                    });
                }

                return TypedResults.Ok(response);
            }).RevealsSecrets().RateLimited(RateLimitedKind.SignIn);
    }
}
