namespace Kagi.Tenancy;

/// <summary>A tenant's rules for its users' passwords (NIST SP 800-63B, ASVS V6).</summary>
[GenerateSerializer, Immutable, Alias("kagi.PasswordPolicySettings")]
public sealed record PasswordPolicySettings
{
    [Id(0)] public int MinimumLength { get; init; } = 12;
    [Id(1)] public int MaximumLength { get; init; } = 128;
    [Id(2)] public bool RequireUppercase { get; init; }
    [Id(3)] public bool RequireLowercase { get; init; }
    [Id(4)] public bool RequireDigit { get; init; }
    [Id(5)] public bool RequireSymbol { get; init; }

    /// <summary>How many previous passwords may not be used again.</summary>
    [Id(6)] public int HistoryCount { get; init; } = 5;

    /// <summary>Days until a password must be changed; null for never (NIST's advice).</summary>
    [Id(7)] public int? MaximumAgeDays { get; init; }

    /// <summary>zxcvbn score (0-4) a password must reach; common and breached passwords score low.</summary>
    [Id(8)] public int MinimumStrength { get; init; } = 3;

    /// <summary>Argon2id iterations for new hashes (at least 2); raising it re-hashes at next sign-in.</summary>
    [Id(9)] public int HashIterations { get; init; } = 2;

    /// <summary>Argon2id memory in MiB for new hashes (at least 19).</summary>
    [Id(10)] public int HashMemoryMiB { get; init; } = 19;
}
