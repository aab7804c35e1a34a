using System.Collections.Immutable;
using Kagi.Scim;

namespace Kagi.Frontend.Features.Scim;

/// <summary>What SCIM keeps about a user beyond the user grain: the profile and the SCIM groups they are a member of.</summary>
public sealed record ScimUserView(ScimUserProfile Profile, ImmutableArray<ScimGroupView> Groups);

/// <summary>A SCIM group: an identity-provider group the tenant's SSO mappings name or the SCIM client created, its
/// members, and the externalId the client gave when it created it.</summary>
public sealed record ScimGroupView(string Id, string Name, ImmutableArray<string> Members, string? ExternalId = null);
