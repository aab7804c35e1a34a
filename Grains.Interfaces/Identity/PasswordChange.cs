namespace Kagi.Identity;

/// <summary>A user's own password change. Carries both passwords: never logged.</summary>
[GenerateSerializer, Immutable, Alias("kagi.PasswordChange")]
public sealed record PasswordChange(
    [property: Id(0)] string CurrentPassword,
    [property: Id(1)] string NewPassword)
{
    public override string ToString() => "PasswordChange { }";
}
