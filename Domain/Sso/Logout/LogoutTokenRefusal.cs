namespace Kagi.Domain.Sso.Logout;

/// <summary>Why a logout token was refused (OpenID Connect Back-Channel Logout 1.0, 2.6); each ends nothing.</summary>
public enum LogoutTokenRefusal
{
    /// <summary>Not signed by a key of the provider's JWKS, not a JWS, or signed with an algorithm Kagi does not take.</summary>
    BadSignature,
    WrongIssuer,
    WrongAudience,
    WrongAuthorizedParty,
    NoIssuedAt,
    IssuedInTheFuture,
    TooOld,
    Expired,
    NoLogoutEvent,
    NoSubjectOrSession,

    /// <summary>A logout token never carries a nonce: one that does may be an id_token passed off as a logout.</summary>
    HasNonce,
}
