using System.Collections.Immutable;

namespace Kagi.Scim;

[GenerateSerializer, Alias("kagi.ScimGroupState")]
public sealed record ScimGroupState
{
    [Id(0)] public ImmutableArray<string> Members { get; init; } = [];
}
