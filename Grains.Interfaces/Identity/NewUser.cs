using System.Collections.Immutable;

namespace Kagi.Identity;

[GenerateSerializer, Immutable, Alias("kagi.NewUser")]
public sealed record NewUser(
    [property: Id(0)] string Password,
    [property: Id(1)] ImmutableArray<string> Roles)
{
    public override string ToString() => $"NewUser {{ Roles = [{string.Join(", ", Roles)}] }}";
}
