namespace Kagi.Scim;

/// <summary>What a SCIM client keeps about a Kagi user beyond the user grain: the display name and external id it
/// sent. Kagi shows them back and acts on neither.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ScimUserProfile")]
public sealed record ScimUserProfile
{
    [Id(0)] public string? DisplayName { get; init; }

    [Id(1)] public string? ExternalId { get; init; }
}
