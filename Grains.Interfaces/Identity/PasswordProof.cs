namespace Kagi.Identity;

/// <summary>The user's current password, asked for again before a new credential is made (TOTP
/// enrolment, an API token). Never logged.</summary>
[GenerateSerializer, Immutable, Alias("kagi.PasswordProof")]
public sealed record PasswordProof([property: Id(0)] string CurrentPassword)
{
    public override string ToString() => "PasswordProof { }";
}
