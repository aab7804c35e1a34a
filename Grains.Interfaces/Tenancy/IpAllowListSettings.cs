using System.Collections.Immutable;

namespace Kagi.Tenancy;

/// <summary>
/// Where a tenant's users may call from: IPv4/IPv6 CIDRs for everyone, and optionally per role
/// (a caller holding such a role must also match its list). Empty lists allow any address.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.IpAllowListSettings")]
public sealed record IpAllowListSettings
{
    [Id(0)] public ImmutableArray<string> Cidrs { get; init; } = [];

    [Id(1)] public ImmutableDictionary<string, ImmutableArray<string>> RoleCidrs { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty;
}
