namespace Kagi.Vault;

[GenerateSerializer, Immutable, Alias("kagi.AccountRegistration")]
public sealed record AccountRegistration(
    [property: Id(0)] string TargetId,
    [property: Id(1)] string Username,
    [property: Id(2)] string Password)
{
    public override string ToString() => $"AccountRegistration {{ TargetId = {TargetId}, Username = {Username} }}";
}
