namespace Kagi.Vault;

/// <summary>How generated passwords look. Every enabled class appears at least once.</summary>
[GenerateSerializer, Immutable, Alias("kagi.PasswordRules")]
public sealed record PasswordRules
{
    public static PasswordRules Default { get; } = new();

    [Id(0)] public int Length { get; init; } = 24;
    [Id(1)] public bool Uppercase { get; init; } = true;
    [Id(2)] public bool Lowercase { get; init; } = true;
    [Id(3)] public bool Digits { get; init; } = true;
    [Id(4)] public bool Symbols { get; init; } = true;

    /// <summary>Characters the target refuses or mangles.</summary>
    [Id(5)] public string ExcludedCharacters { get; init; } = "";
}
