namespace Kagi.Identity;

/// <summary>Why a sign-in was refused, for the audit record; the caller sees only the problem type.</summary>
public static class SignInReasons
{
    public const string Password = "password";
    public const string PasswordAndTotp = "password+totp";
    public const string PasswordAndRecoveryCode = "password+recovery-code";
    public const string UnknownUser = "unknown-user";
    public const string WrongPassword = "wrong-password";
    public const string Disabled = "disabled";
    public const string Locked = "locked";
    public const string MfaMissing = "mfa-missing";
    public const string WrongTotp = "wrong-totp";
    public const string TotpReplay = "totp-replay";
    public const string WrongRecoveryCode = "wrong-recovery-code";
    public const string SourceBlocked = "source-blocked";
    public const string IpNotAllowed = "ip-not-allowed";
    public const string RiskBlocked = "risk-blocked";
    public const string RiskStepUpWithoutMfa = "risk-step-up-without-mfa";
    public const string PasswordAndPasskey = "password+passkey";
    public const string WrongPasskey = "wrong-passkey";
    public const string PasskeyCounterRegressed = "passkey-counter-regressed";
    public const string PasskeyRequired = "passkey-required";
}
