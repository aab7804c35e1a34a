using OtpNet;

namespace Kagi.Domain.Identity;

/// <summary>
/// RFC 6238 time-based codes through Otp.NET: 30-second steps, one step of skew either way, and each
/// step accepted once (a code at or before the last accepted step is a replay, ASVS 5.0 6.5.1).
/// </summary>
public static class TotpCodes
{
    public const int Digits = 6;
    public const int StepSeconds = 30;
    public const int SecretBytes = 20;

    public static string Compute(byte[] secret, DateTimeOffset time, OtpHashMode mode = OtpHashMode.Sha1, int digits = Digits) =>
        new Totp(secret, StepSeconds, mode, digits).ComputeTotp(time.UtcDateTime);

    public static TotpCheck Verify(byte[] secret, string code, DateTimeOffset now, long lastAcceptedStep)
    {
        ArgumentNullException.ThrowIfNull(code);
        var trimmed = code.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (trimmed.Length != Digits || !trimmed.All(char.IsAsciiDigit))
        {
            return new TotpCheck(TotpOutcome.Wrong, 0);
        }

        var totp = new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits);
        if (!totp.VerifyTotp(now.UtcDateTime, trimmed, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return new TotpCheck(TotpOutcome.Wrong, 0);
        }

        return step <= lastAcceptedStep ? new TotpCheck(TotpOutcome.Replayed, step) : new TotpCheck(TotpOutcome.Accepted, step);
    }

    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret);

    public static string OtpauthUri(string issuer, string account, byte[] secret) =>
        new OtpUri(OtpType.Totp, Base32(secret), account, issuer, OtpHashMode.Sha1, Digits, StepSeconds).ToString();
}

public enum TotpOutcome
{
    Wrong,
    Replayed,
    Accepted,
}

/// <summary>The outcome of a code and the time step it matched.</summary>
public readonly record struct TotpCheck(TotpOutcome Outcome, long Step);
