using System.Collections.Immutable;

namespace Kagi.Identity;

/// <summary>A person who signs in to one tenant. Key: <c>{tenantId}/{username}</c>.</summary>
/// <remarks>Its TOTP secrets are sealed with the tenant's data key; <see cref="Kagi.Vault.ISealedSecrets.ResealAsync"/>
/// moves them to the current one when the data key rotates.</remarks>
[Alias("kagi.IUserGrain")]
public interface IUserGrain : Kagi.Vault.ISealedSecrets
{
    /// <summary>Creates the user. Refuses an existing username and passwords the tenant's policy refuses.</summary>
    [Alias("Create")]
    Task<UserInfo> CreateAsync(Caller caller, NewUser user);

    /// <summary>Checks a password. Returns the user on success, null on any refusal
    /// (unknown user or wrong password look the same). Counts nothing; for internal checks.</summary>
    [Alias("CheckPassword")]
    Task<UserInfo?> CheckPasswordAsync(string password);

    [Alias("Get")]
    Task<UserInfo?> GetAsync(Caller caller);

    /// <summary>Writes this user's inventory row again (Kagi only, for an inventory rebuild); false when it does not exist.</summary>
    [Alias("ReportToInventory")]
    Task<bool> ReportToInventoryAsync(Caller caller);

    /// <summary>Signs in: source block, lockout, password, second factor, then starts the session
    /// under <see cref="SignInAttempt.SessionKey"/>. A refusal (invalid-credentials, mfa-required,
    /// locked, source-blocked, ip-not-allowed) is a result, not an exception, so the failure count it
    /// caused is stored; its message says nothing about which part was wrong. An unknown username is
    /// counted and locked like a known one (<see cref="IUnknownUsernamesGrain"/>), and mfa-required
    /// is only answered after the right password, so the answers do not tell which names exist.</summary>
    [Alias("SignIn")]
    Task<SignInResult> SignInAsync(SignInAttempt attempt);

    /// <summary>A single sign-on the identity provider vouched for (Kagi itself only): the user is created just in time
    /// with the mapped roles and groups, or refreshed to them, then the lockout-independent checks run (disabled, risk,
    /// allow-lists) and a session starts. A user already bound to another provider subject is refused.</summary>
    [Alias("SsoSignIn")]
    Task<SignInResult> SsoSignInAsync(Caller caller, Kagi.Sso.SsoSignInAttempt attempt);

    /// <summary>The user changes their own password; every session and API token of theirs ends (the
    /// user is told which tokens ended). A wrong current password counts towards the lock.</summary>
    [Alias("ChangePassword")]
    Task ChangePasswordAsync(Caller caller, PasswordChange change);

    /// <summary>An admin disables the user: sign-in is refused and every session and API token ends. Refused
    /// (last-admin) for the tenant's last enabled admin.</summary>
    [Alias("Disable")]
    Task DisableAsync(Caller caller);

    /// <summary>An admin replaces the user's roles and, when given, groups. Refused (last-admin) when it would take
    /// the tenant's last enabled admin's role; a role taken away ends every session and API token of the user.</summary>
    [Alias("SetRoles")]
    Task<UserInfo> SetRolesAsync(Caller caller, ImmutableArray<string> roles, ImmutableArray<string>? groups);

    /// <summary>An admin lets a disabled user sign in again.</summary>
    [Alias("Enable")]
    Task<UserInfo> EnableAsync(Caller caller);

    /// <summary>An admin offboards the user: every session and API token ends, the tenant's directory forgets them and
    /// their delegations, and only a tombstone stays, so the name is never given to anyone else. Refused (last-admin)
    /// for the last enabled admin. Idempotent. Requests and held accounts are ended by the caller, not here.</summary>
    [Alias("Delete")]
    Task DeleteAsync(Caller caller);

    /// <summary>An admin lifts a lockout before its timer does.</summary>
    [Alias("Unlock")]
    Task UnlockAsync(Caller caller);

    /// <summary>The user starts TOTP enrolment: a new secret, pending until confirmed. Needs the
    /// current password; a wrong one is refused (invalid-credentials) and counts towards the lock.</summary>
    [Alias("BeginTotp")]
    Task<TotpEnrolment> BeginTotpEnrolmentAsync(Caller caller, PasswordProof proof);

    /// <summary>A first code from the authenticator turns MFA on; returns 10 single-use recovery codes, once.</summary>
    [Alias("ConfirmTotp")]
    Task<ImmutableArray<string>> ConfirmTotpAsync(Caller caller, string code);

    /// <summary>An admin removes the user's second factor (lost device); their sessions and API tokens end.</summary>
    [Alias("ResetMfa")]
    Task ResetMfaAsync(Caller caller);

    /// <summary>The user begins registering a passkey: WebAuthn creation options whose challenge the grain remembers
    /// (once, for five minutes). Needs the current password, as TOTP enrolment does.</summary>
    [Alias("BeginPasskeyRegistration")]
    Task<string> BeginPasskeyRegistrationAsync(Caller caller, PasskeyRelyingParty relyingParty, PasswordProof proof);

    /// <summary>Checks the browser's answer against the remembered challenge, origin and relying party, and keeps the
    /// passkey (at most 10). It is a second factor from then on.</summary>
    [Alias("CompletePasskeyRegistration")]
    Task<PasskeyInfo> CompletePasskeyRegistrationAsync(Caller caller, PasskeyRelyingParty relyingParty, NewPasskey passkey);

    [Alias("ListPasskeys")]
    Task<ImmutableArray<PasskeyInfo>> ListPasskeysAsync(Caller caller);

    /// <summary>The user removes a passkey; refused (invalid-state) when it is the last second factor the tenant requires of them.</summary>
    [Alias("DeletePasskey")]
    Task DeletePasskeyAsync(Caller caller, string passkeyId);

    /// <summary>WebAuthn request options for a sign-in with a passkey as the second factor. Answered alike for every
    /// username (no credential ids are listed; passkeys are discoverable), so it does not tell which names exist.</summary>
    [Alias("BeginPasskeySignIn")]
    Task<string> BeginPasskeySignInAsync(PasskeyRelyingParty relyingParty);

    /// <summary>The user creates an API token with some of their roles. Needs the current password,
    /// as <see cref="BeginTotpEnrolmentAsync"/> does.</summary>
    [Alias("CreateApiToken")]
    Task<ApiTokenInfo> CreateApiTokenAsync(Caller caller, NewApiToken token, PasswordProof proof);

    [Alias("ListApiTokens")]
    Task<ImmutableArray<ApiTokenInfo>> ListApiTokensAsync(Caller caller);

    [Alias("RevokeApiToken")]
    Task RevokeApiTokenAsync(Caller caller, string tokenId);


    /// <summary>Changes email, locale and groups. An admin may change all three for anyone; a user
    /// only their own email and locale. The tenant's directory learns the result.</summary>
    [Alias("SetProfile")]
    Task<UserInfo> SetProfileAsync(Caller caller, UserProfile profile);

    /// <summary>Messages for the user about their account (e.g. a replayed code, or an alert left for an admin), newest first.</summary>
    [Alias("Notices")]
    Task<ImmutableArray<UserNotice>> GetNoticesAsync(Caller caller);
}
