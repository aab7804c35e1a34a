using System.Collections.Immutable;

namespace Kagi.Tenancy;

/// <summary>Who must sign in with a second factor.</summary>
[GenerateSerializer, Immutable, Alias("kagi.MfaSettings")]
public sealed record MfaSettings
{
    [Id(0)] public bool RequiredForEveryone { get; init; }

    [Id(1)] public ImmutableArray<string> RequiredForRoles { get; init; } = [];

    /// <summary>Roles that must use a passkey as their second factor: once such a user has one, TOTP and recovery
    /// codes are refused; until then they may only register one.</summary>
    [Id(120)] public ImmutableArray<string> PasskeyRequiredForRoles { get; init; } = [];
}
