using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Sso;

namespace Kagi.Domain.Sso;

/// <summary>
/// Who a single sign-on may reach, before the checks every sign-in shares (risk, allow-lists): a vouched-for person
/// with at least one mapped role; never a deleted name (names are not reused); never a disabled user; and a user
/// already bound to one provider subject only by that subject, so a second provider (or a renamed IdP account) cannot
/// take over a Kagi user by claiming the same username. An unbound existing user is bound at this sign-in.
/// </summary>
public static class SsoSignInRules
{
    public static SignInResult? Refusal(SsoIdentity identity, bool deleted, bool disabled, SsoLink? link)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity switch
        {
            { Roles.IsDefaultOrEmpty: true } => Refuse(SsoReasons.NoRole, "None of your groups at the identity provider gives a Kagi role; ask an administrator to map one."),
            _ when deleted => SignInDecision.Refuse(SignInReasons.UnknownUser, ProblemCode.SsoRefused, "This username belonged to a deleted user and is not given again; ask an administrator."),
            _ when link is not null && (link.ProviderId != identity.ProviderId || link.Subject != identity.Subject) =>
                Refuse(SsoReasons.OtherSubject, "This Kagi user is bound to another identity-provider account."),
            _ when disabled => SignInDecision.Refuse(SignInReasons.Disabled, ProblemCode.SsoRefused, "This user is disabled."),
            _ => null,
        };
    }

    /// <summary>The refusal for a tenant that requires a second factor the identity provider did not report: Kagi cannot
    /// ask for one itself on this path, so the person is sent back to sign in with it at the provider.</summary>
    public static SignInResult SecondFactorMissing() =>
        SignInDecision.Refuse(SignInReasons.MfaMissing, ProblemCode.MfaRequired,
            "This tenant requires a second factor, and your identity provider did not report one (amr \"mfa\"); sign in there with it.");

    private static SignInResult Refuse(string reason, string message) => SignInDecision.Refuse(reason, ProblemCode.SsoRefused, message);
}
