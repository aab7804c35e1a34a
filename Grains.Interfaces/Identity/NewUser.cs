using System.Collections.Immutable;

namespace Kagi.Identity;

[GenerateSerializer, Immutable, Alias("kagi.NewUser")]
public sealed record NewUser(
    [property: Id(0)] string Password,
    [property: Id(1)] ImmutableArray<string> Roles)
{
    /// <summary>Where notifications go; none means the user gets no email.</summary>
    [Id(2)] public string? Email { get; init; }

    /// <summary><c>en</c> or <c>ja</c>; null means <c>en</c>.</summary>
    [Id(3)] public string? Locale { get; init; }

    /// <summary>Groups the user belongs to (approver sets, auto-approval rules).</summary>
    [Id(4)] public ImmutableArray<string> Groups { get; init; } = [];

    public override string ToString() => $"NewUser {{ Roles = [{string.Join(", ", Roles)}] }}";
}
