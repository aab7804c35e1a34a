namespace Kagi.Scim;

/// <summary>A group the SCIM client created (POST /Groups): its id (<see cref="ScimGroupIds"/> of the name), the name and
/// the client's externalId as first sent.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ScimGroupEntry")]
public sealed record ScimGroupEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? ExternalId,
    [property: Id(3)] DateTimeOffset CreatedAt);
