using Kagi.Domain.Sso;
using Kagi.Hosting;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Sso;

/// <summary>
/// One OpenID Connect sign-in, keyed <c>{tenant}/{state}</c>. Start: discovery, a fresh nonce and PKCE verifier kept in
/// memory (<see cref="OidcFlow"/>), the authorization URL. Complete (once): the flow's checks, the code redeemed with the
/// client secret (opened here, never sent on), the id_token validated against the issuer's keys, the claims mapped
/// (<see cref="SsoMapping"/>). Who may then sign in is the user grain's decision, not this one's.
/// </summary>
public sealed partial class OidcSignInGrain(OidcClient oidc, TenantVault vault, TimeProvider time, ILogger<OidcSignInGrain> logger) : TenantScopedGrain, IOidcSignInGrain
{
    private OidcFlow? _flow;

    public async Task<string> StartAsync(Caller caller, OidcStart start)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(start);
        if (_flow is not null)
        {
            throw new Errors.KagiException(Errors.ProblemCode.InvalidState, "This sign-in was already started.");
        }

        var provider = await ProviderAsync(start.ProviderId)
            ?? throw new Errors.KagiException(Errors.ProblemCode.NotFound, $"Identity provider '{start.ProviderId}' was not found.");
        var settings = provider.Oidc!;
        try
        {
            var configuration = await oidc.DiscoverAsync(TenantId, settings.Issuer, CancellationToken.None);
            _flow = OidcFlow.Begin(start, CryptoRandom.Shared, time.GetUtcNow());
            return _flow.AuthorizationUrl(configuration.AuthorizationEndpoint, settings.ClientId, settings.Scopes, LocalId);
        }
        catch (Exception e) when (e is OidcProviderException or HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            LogProviderFailed(logger, TenantId, start.ProviderId, e.GetType().Name, e.Message);
            throw new Errors.KagiException(Errors.ProblemCode.TargetUnreachable, "The identity provider could not be reached or answered no usable discovery document.");
        }
    }

    public async Task<SsoOutcome> CompleteAsync(Caller caller, OidcCallback callback)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(callback);
        DeactivateOnIdle();
        if (_flow is not { } flow)
        {
            return Refused(SsoReasons.UnknownFlow, "This sign-in is unknown or finished; start again.", forConsole: false);
        }

        if (flow.Complete(callback, time.GetUtcNow()) is { } reason)
        {
            return Refused(reason, "This sign-in expired, was already used or was started in another browser; start again.", flow.Start.ForConsole);
        }

        var provider = await ProviderAsync(flow.Start.ProviderId);
        if (provider?.Oidc is not { SealedClientSecret: { } sealedSecret } settings)
        {
            return Refused(SsoReasons.ProviderUnknown, "The identity provider was removed meanwhile.", flow.Start.ForConsole);
        }

        OidcTokenCheck check;
        try
        {
            var configuration = await oidc.DiscoverAsync(TenantId, settings.Issuer, CancellationToken.None);
            var secret = await vault.OpenAsync(sealedSecret, SsoSecrets.ClientSecret(TenantId, provider.Id));
            var idToken = await oidc.RedeemAsync(TenantId, configuration, new OidcRedemption(settings.ClientId, secret, callback.Code, flow.Start.RedirectUri, flow.Verifier), CancellationToken.None);
            var expected = new OidcExpectations(settings.Issuer, settings.ClientId, flow.Nonce, settings.UsernameClaim, settings.GroupsClaim);
            check = await OidcTokenValidator.ValidateAsync(idToken, expected, configuration.SigningKeys);
            if (check.Problem is not null && check.Problem.Contains("SignatureKeyNotFound", StringComparison.Ordinal))
            {
                // The provider may have rotated its keys since Kagi last read them: read them again, once.
                oidc.RefreshKeys(TenantId, settings.Issuer);
                configuration = await oidc.DiscoverAsync(TenantId, settings.Issuer, CancellationToken.None);
                check = await OidcTokenValidator.ValidateAsync(idToken, expected, configuration.SigningKeys);
            }
        }
        catch (Exception e) when (e is OidcProviderException or HttpRequestException or InvalidOperationException or TaskCanceledException or System.Text.Json.JsonException)
        {
            LogProviderFailed(logger, TenantId, provider.Id, e.GetType().Name, e.Message);
            return Refused(SsoReasons.ProviderError, "The identity provider did not complete the sign-in.", flow.Start.ForConsole);
        }

        if (check.Problem is { } problem)
        {
            LogTokenRejected(logger, TenantId, provider.Id, problem);
            return Refused(SsoReasons.TokenRejected, "The identity provider's answer did not pass Kagi's checks.", flow.Start.ForConsole);
        }

        if (SsoMapping.Username(check.UsernameClaim) is not { } username)
        {
            return Refused(SsoReasons.NoUsername, $"The identity provider sent no usable '{settings.UsernameClaim}' claim to name the Kagi user.", flow.Start.ForConsole);
        }

        var (roles, groups) = SsoMapping.Map(check.Groups, provider);
        var identity = new SsoIdentity(provider.Id, check.Subject!, username, roles, groups) { MultiFactor = check.MultiFactor, SessionId = check.SessionId };
        return roles.IsEmpty
            ? new SsoOutcome(identity, SsoReasons.NoRole, "None of your groups at the identity provider gives a Kagi role; ask an administrator to map one.", flow.Start.ForConsole)
            : new SsoOutcome(identity, SsoReasons.Oidc, null, flow.Start.ForConsole);
    }

    private Task<IdentityProviderState?> ProviderAsync(string providerId) =>
        GrainFactory.GetGrain<ISsoProvidersGrain>(TenantId).GetSealedAsync(Caller.System(TenantId), providerId);

    private static SsoOutcome Refused(string reason, string message, bool forConsole) => new(null, reason, message, forConsole);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC provider {Provider} of tenant {Tenant} failed: {Kind}: {Error}")]
    private static partial void LogProviderFailed(ILogger logger, string tenant, string provider, string kind, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC provider {Provider} of tenant {Tenant}: {Problem}")]
    private static partial void LogTokenRejected(ILogger logger, string tenant, string provider, string problem);
}
