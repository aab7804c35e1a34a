using System.Collections.Immutable;

namespace Kagi.Scim;

[GenerateSerializer, Immutable, Alias("kagi.ScimMembershipResult")]
public sealed record ScimMembershipResult([property: Id(0)] ImmutableArray<string> Before, [property: Id(1)] ImmutableArray<string> After);
