using System.Collections.Immutable;

namespace Kagi.Tenancy;

/// <summary>Who must sign in with a second factor.</summary>
[GenerateSerializer, Immutable, Alias("kagi.MfaSettings")]
public sealed record MfaSettings
{
    [Id(0)] public bool RequiredForEveryone { get; init; }

    [Id(1)] public ImmutableArray<string> RequiredForRoles { get; init; } = [];
}
