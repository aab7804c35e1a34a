using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>A page of target ids in id order.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TargetPage")]
public sealed record TargetPage(
    [property: Id(0)] ImmutableArray<string> TargetIds,
    [property: Id(1)] string? Continuation);
