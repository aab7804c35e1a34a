using System.Collections.Immutable;
using Kagi.Scim;

namespace Kagi.Domain.Scim;

/// <summary>The groups a tenant's SCIM client created (at most <see cref="ScimGroupLimits.MaximumCreatedGroups"/>).</summary>
[GenerateSerializer, Alias("kagi.ScimGroupDirectoryState")]
public sealed record ScimGroupDirectoryState
{
    [Id(0)] public ImmutableArray<ScimGroupEntry> Groups { get; init; } = [];
}
