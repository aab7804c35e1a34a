using Kagi.Scim;

namespace Kagi.Domain.Scim;

/// <summary>One SCIM token: what admins see, and the SHA-256 (hex) of its secret, never the secret.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ScimTokenRecord")]
public sealed record ScimTokenRecord([property: Id(0)] ScimTokenInfo Info, [property: Id(1)] string SecretHash);
