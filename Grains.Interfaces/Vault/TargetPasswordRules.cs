namespace Kagi.Vault;

/// <summary>What the target itself demands of a password. Every password Kagi generates for an account
/// on the target satisfies these, whatever the account's own rules say.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TargetPasswordRules")]
public sealed record TargetPasswordRules
{
    [Id(0)] public int MinimumLength { get; init; }
    [Id(1)] public int? MaximumLength { get; init; }
    [Id(2)] public bool RequireUppercase { get; init; }
    [Id(3)] public bool RequireLowercase { get; init; }
    [Id(4)] public bool RequireDigits { get; init; }
    [Id(5)] public bool RequireSymbols { get; init; }

    /// <summary>Characters the target refuses or mangles.</summary>
    [Id(6)] public string ExcludedCharacters { get; init; } = "";
}
