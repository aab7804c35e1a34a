using System.Collections.Immutable;

namespace Kagi.Identity;

[GenerateSerializer, Immutable, Alias("kagi.UserPage")]
public sealed record UserPage(
    [property: Id(0)] ImmutableArray<DirectoryEntry> Users,
    [property: Id(1)] string? Continuation);
