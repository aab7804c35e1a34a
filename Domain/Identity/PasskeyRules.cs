using System.Collections.Immutable;
using System.Security.Cryptography;
using Kagi.Tenancy;

namespace Kagi.Domain.Identity;

/// <summary>
/// The passkey (WebAuthn) rules beside TOTP: how many a user may keep, how long a challenge lives and that it is
/// used once, the signature counter that exposes a cloned authenticator, which roles must use a passkey (TOTP and
/// recovery codes are refused for them once they have one) and that the last second factor a user needs stays.
/// </summary>
public static class PasskeyRules
{
    public const int MaximumPerUser = 10;
    public const int MaximumNameLength = 64;
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);

    public static string IdOf(byte[] credentialId) => Convert.ToHexStringLower(SHA256.HashData(credentialId))[..32];

    public static PasskeyChallenge Challenge(string optionsJson, DateTimeOffset now) => new(optionsJson, now + ChallengeLifetime);

    /// <summary>The options of a pending challenge, if it has not expired. The caller forgets the challenge either
    /// way, so an answer (right or wrong) can never be sent twice against it.</summary>
    public static string? Redeem(PasskeyChallenge? pending, DateTimeOffset now) =>
        pending is { } challenge && now < challenge.ExpiresAt ? challenge.OptionsJson : null;

    /// <summary>Why one more passkey cannot be added, or null.</summary>
    public static string? CannotAdd(ImmutableArray<PasskeyCredential> existing, byte[] credentialId)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        return existing.Length >= MaximumPerUser ? $"You already have {MaximumPerUser} passkeys; remove one first."
            : existing.Any(p => p.CredentialId.AsSpan().SequenceEqual(credentialId)) ? "This passkey is already registered."
            : null;
    }

    /// <summary>The signature counter: an authenticator that keeps none reports 0 each time; one that keeps one must
    /// report more than last time, or a copy of its key is being used (WebAuthn §6.1.1).</summary>
    public static bool CounterRegressed(uint stored, uint presented) => (stored != 0 || presented != 0) && presented <= stored;

    /// <summary>Whether the tenant makes these roles sign in with a passkey (the phishing-resistant factor).</summary>
    public static bool PasskeyRequired(MfaSettings mfa, ImmutableArray<string> roles)
    {
        ArgumentNullException.ThrowIfNull(mfa);
        var required = mfa.PasskeyRequiredForRoles.IsDefault ? [] : mfa.PasskeyRequiredForRoles;
        return roles.Any(required.Contains);
    }

    /// <summary>Whether the tenant wants some second factor of these roles at all.</summary>
    public static bool SecondFactorRequired(MfaSettings mfa, ImmutableArray<string> roles)
    {
        ArgumentNullException.ThrowIfNull(mfa);
        return mfa.RequiredForEveryone || roles.Any(mfa.RequiredForRoles.Contains) || PasskeyRequired(mfa, roles);
    }

    /// <summary>Whether a TOTP or recovery code may stand as the second factor: not for a role that must use a
    /// passkey once the user has one (before that it only lets them in to register one, see <see cref="SecondFactorMet"/>).</summary>
    public static bool OneTimeCodeAccepted(bool passkeyRequired, bool hasPasskey) => !(passkeyRequired && hasPasskey);

    /// <summary>Whether the user has the second factor the tenant asks of them (else the session may only enrol one).</summary>
    public static bool SecondFactorMet(bool passkeyRequired, bool totpEnabled, bool hasPasskey) =>
        passkeyRequired ? hasPasskey : totpEnabled || hasPasskey;

    /// <summary>Why this passkey may not be removed: it is the last factor of a user the tenant requires one of.</summary>
    public static string? CannotRemove(MfaSettings mfa, ImmutableArray<string> roles, bool totpEnabled, int passkeysLeft)
    {
        var passkeyRequired = PasskeyRequired(mfa, roles);
        return SecondFactorRequired(mfa, roles) && passkeysLeft == 0 && (passkeyRequired || !totpEnabled)
            ? "This is your last second factor and your tenant requires one; add another first."
            : null;
    }
}
