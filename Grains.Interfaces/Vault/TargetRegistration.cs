namespace Kagi.Vault;

[GenerateSerializer, Immutable, Alias("kagi.TargetRegistration")]
public sealed record TargetRegistration(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Host,
    [property: Id(2)] int Port,
    [property: Id(3)] string? Database,
    [property: Id(4)] string AdminUsername,
    [property: Id(5)] string AdminPassword)
{
    public override string ToString() =>
        $"TargetRegistration {{ Kind = {Kind}, Host = {Host}, Port = {Port}, Database = {Database}, AdminUsername = {AdminUsername} }}";
}
