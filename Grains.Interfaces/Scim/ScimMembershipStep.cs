using System.Collections.Immutable;

namespace Kagi.Scim;

/// <summary>One step of a SCIM PATCH of a set of names (a group's members, a user's groups).</summary>
[GenerateSerializer, Immutable, Alias("kagi.ScimMembershipStep")]
public sealed record ScimMembershipStep([property: Id(0)] ScimMembershipStepKind Kind, [property: Id(1)] ImmutableArray<string> Names);
