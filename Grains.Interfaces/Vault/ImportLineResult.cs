namespace Kagi.Vault;

/// <summary>What became of one line of an import (for an adoption, line n is the n-th account asked for): account <see cref="AccountId"/> created, or
/// <see cref="Problem"/> saying why not.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ImportLineResult")]
public sealed record ImportLineResult(
    [property: Id(0)] int Line,
    [property: Id(1)] string AccountId,
    [property: Id(2)] bool Created,
    [property: Id(3)] ImportLineError? Problem)
{
    /// <summary>The account's username on its target (an adoption's line is one discovered account).</summary>
    [Id(170)] public string? Username { get; init; }
}
