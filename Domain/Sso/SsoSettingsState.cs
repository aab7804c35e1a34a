using System.Collections.Immutable;

namespace Kagi.Domain.Sso;

/// <summary>A tenant's single sign-on: its identity providers (a bounded list) and "SSO only" with the
/// break-glass accounts that keep their password.</summary>
[GenerateSerializer, Alias("kagi.SsoSettingsState")]
public sealed record SsoSettingsState
{
    [Id(0)] public ImmutableArray<IdentityProviderState> Providers { get; init; } = [];

    [Id(1)] public bool SsoOnly { get; init; }

    [Id(2)] public ImmutableArray<string> BreakGlass { get; init; } = [];
}
