using Kagi.Audit;
using Kagi.Domain.Sso.Logout;
using Kagi.Errors;
using Kagi.Hosting;
using Microsoft.Extensions.Logging;

namespace Kagi.Sso;

/// <summary>
/// An OpenID Connect provider's back-channel logout (OpenID Connect Back-Channel Logout 1.0), keyed
/// <c>{tenant}/{provider id}</c>: the token's signature against the provider's keys from discovery
/// (<see cref="LogoutTokenReader"/>, read again once for a key not seen yet), its claims by
/// <see cref="BackChannelLogoutToken"/>, then the sessions of the provider session it names (or of its subject) ended
/// through <see cref="IIdpSessionsGrain"/> and audited per user. Holds nothing between calls.
/// </summary>
public sealed partial class OidcLogoutGrain(OidcClient oidc, TimeProvider time, ILogger<OidcLogoutGrain> logger) : TenantScopedGrain, IOidcLogoutGrain
{
    public async Task<int> BackChannelLogoutAsync(Caller caller, string logoutToken, string? ipAddress)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(logoutToken);
        var provider = await GrainFactory.GetGrain<ISsoProvidersGrain>(TenantId).GetSealedAsync(Caller.System(TenantId), LocalId);
        if (provider?.Oidc is not { } settings)
        {
            throw NotFound($"OpenID Connect provider '{LocalId}'");
        }

        LogoutTokenClaims? claims;
        try
        {
            var configuration = await oidc.DiscoverAsync(TenantId, settings.Issuer, CancellationToken.None);
            (claims, var unknownKey) = await LogoutTokenReader.ReadAsync(logoutToken, configuration.SigningKeys);
            if (unknownKey)
            {
                // The provider may have rotated its keys since Kagi last read them: read them again, once.
                oidc.RefreshKeys(TenantId, settings.Issuer);
                configuration = await oidc.DiscoverAsync(TenantId, settings.Issuer, CancellationToken.None);
                (claims, _) = await LogoutTokenReader.ReadAsync(logoutToken, configuration.SigningKeys);
            }
        }
        catch (Exception e) when (e is OidcProviderException or HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            LogProviderFailed(logger, TenantId, LocalId, e.GetType().Name, e.Message);
            throw new KagiException(ProblemCode.TargetUnreachable, "The identity provider's keys could not be read, so its logout token could not be checked.");
        }

        var (token, refusal) = claims is null
            ? (null, LogoutTokenRefusal.BadSignature)
            : BackChannelLogoutToken.Check(claims, settings.Issuer, settings.ClientId, time.GetUtcNow());
        if (token is null)
        {
            var reason = refusal ?? LogoutTokenRefusal.BadSignature;
            LogTokenRefused(logger, TenantId, LocalId, reason);
            throw new KagiException(ProblemCode.LogoutTokenRefused, $"The logout token was refused: {BackChannelLogoutToken.Describe(reason)}. Nothing was ended.");
        }

        var key = token.SessionId is { } sid ? IdpSessionKeys.BySession(TenantId, LocalId, sid) : IdpSessionKeys.BySubject(TenantId, LocalId, token.Subject!);
        var ended = await GrainFactory.GetGrain<IIdpSessionsGrain>(key).EndAllAsync(Caller.System(TenantId));
        var audit = GrainFactory.GetGrain<IAuditLogGrain>(TenantId);
        foreach (var user in ended.GroupBy(s => s.Username, StringComparer.Ordinal))
        {
            await audit.AppendAsync(new AuditEvent(time.GetUtcNow(), Caller.SystemName, "session.ended", user.Key, AuditResults.Success, ipAddress,
                $"reason=idp-logout; idp={LocalId}; sessions={user.Count()}"));
        }

        return ended.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC provider {Provider} of tenant {Tenant} failed: {Kind}: {Error}")]
    private static partial void LogProviderFailed(ILogger logger, string tenant, string provider, string kind, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC provider {Provider} of tenant {Tenant}: logout token refused ({Reason})")]
    private static partial void LogTokenRefused(ILogger logger, string tenant, string provider, LogoutTokenRefusal reason);
}
