namespace Kagi.Identity;

/// <summary>A new TOTP secret, shown to its owner once: base32, as an otpauth URI and as a QR code PNG.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TotpEnrolment")]
public sealed record TotpEnrolment(
    [property: Id(0)] string Secret,
    [property: Id(1)] string OtpauthUri,
    [property: Id(2)] byte[] QrPng)
{
    public override string ToString() => "TotpEnrolment { (secret) }";
}
