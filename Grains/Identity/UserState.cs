using System.Collections.Immutable;

namespace Kagi.Identity;

[GenerateSerializer, Alias("kagi.state.User")]
public sealed record UserState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public string PasswordHash { get; init; } = "";
    [Id(2)] public ImmutableArray<string> Roles { get; init; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; init; }
}
