namespace Kagi.Domain.Sso.Logout;

/// <summary>
/// The rules of OpenID Connect Back-Channel Logout 1.0, section 2.6, for a token whose signature was already checked:
/// issued by the configured issuer, for Kagi's client (audience; <c>azp</c> when present), issued at a time within
/// <see cref="ClockSkew"/> of now and no older than <see cref="MaximumAge"/>, not expired when it says when it expires,
/// naming the back-channel logout event, a subject or a session, and no nonce. An accepted token names what to end:
/// the provider's session when it gives one (only the sessions of that <c>sid</c>), else every session of its subject.
/// </summary>
public sealed class BackChannelLogoutToken
{
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>A logout is sent when it happens: a token older than this is a replay or a provider's backlog.</summary>
    public static readonly TimeSpan MaximumAge = TimeSpan.FromMinutes(10);

    private BackChannelLogoutToken(string? sessionId, string? subject)
    {
        SessionId = sessionId;
        Subject = subject;
    }

    /// <summary>The provider's session whose Kagi sessions end; null when the token names only a subject.</summary>
    public string? SessionId { get; }

    /// <summary>The provider's subject; every Kagi session it signed in to through this provider ends when no session is named.</summary>
    public string? Subject { get; }

    /// <summary>The token to act on, or why none (and nothing ends).</summary>
    public static (BackChannelLogoutToken? Token, LogoutTokenRefusal? Refusal) Check(LogoutTokenClaims claims, string issuer, string clientId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claims);
        LogoutTokenRefusal? refusal = claims switch
        {
            _ when claims.Issuer != issuer => LogoutTokenRefusal.WrongIssuer,
            _ when claims.Audiences.IsDefaultOrEmpty || !claims.Audiences.Contains(clientId, StringComparer.Ordinal) => LogoutTokenRefusal.WrongAudience,
            { AuthorizedParty: { } azp } when azp != clientId => LogoutTokenRefusal.WrongAuthorizedParty,
            { IssuedAt: null } => LogoutTokenRefusal.NoIssuedAt,
            { IssuedAt: { } iat } when iat > now + ClockSkew => LogoutTokenRefusal.IssuedInTheFuture,
            { IssuedAt: { } iat } when iat < now - MaximumAge - ClockSkew => LogoutTokenRefusal.TooOld,
            { ExpiresAt: { } exp } when exp < now - ClockSkew => LogoutTokenRefusal.Expired,
            { HasLogoutEvent: false } => LogoutTokenRefusal.NoLogoutEvent,
            _ when string.IsNullOrEmpty(claims.SessionId) && string.IsNullOrEmpty(claims.Subject) => LogoutTokenRefusal.NoSubjectOrSession,
            { HasNonce: true } => LogoutTokenRefusal.HasNonce,
            _ => null,
        };
        return refusal is null
            ? (new BackChannelLogoutToken(string.IsNullOrEmpty(claims.SessionId) ? null : claims.SessionId, string.IsNullOrEmpty(claims.Subject) ? null : claims.Subject), null)
            : (null, refusal);
    }

    /// <summary>The refusal in Kagi's words, for the provider's administrator (it quotes nothing of the token).</summary>
    public static string Describe(LogoutTokenRefusal refusal) => refusal switch
    {
        LogoutTokenRefusal.BadSignature => "it is not signed by a key the identity provider publishes",
        LogoutTokenRefusal.WrongIssuer => "it was issued by another issuer than the one configured",
        LogoutTokenRefusal.WrongAudience => "it is not addressed to Kagi's client id",
        LogoutTokenRefusal.WrongAuthorizedParty => "its authorized party is another client",
        LogoutTokenRefusal.NoIssuedAt => "it does not say when it was issued",
        LogoutTokenRefusal.IssuedInTheFuture => "it says it was issued in the future",
        LogoutTokenRefusal.TooOld => "it was issued too long ago",
        LogoutTokenRefusal.Expired => "it has expired",
        LogoutTokenRefusal.NoLogoutEvent => "it does not carry the back-channel logout event",
        LogoutTokenRefusal.NoSubjectOrSession => "it names neither a subject nor a session",
        LogoutTokenRefusal.HasNonce => "it carries a nonce, which a logout token never does",
        _ => "it did not pass Kagi's checks",
    };
}
