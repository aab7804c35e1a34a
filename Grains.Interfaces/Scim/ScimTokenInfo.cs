namespace Kagi.Scim;

/// <summary>A SCIM bearer token as admins see it: its name (the audit log's actor is <c>scim:{name}</c>), never the secret.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ScimTokenInfo")]
public sealed record ScimTokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] string CreatedBy)
{
    /// <summary>Who the audit log says acted when the token's client did. No user can be it: the name holds a ':'.</summary>
    public string Actor => "scim:" + Name;
}
