namespace Kagi.Scim;

/// <summary>What a PATCH of a user asks for. A member left null is not touched; an empty string removes the value.</summary>
public sealed record ScimUserChange
{
    /// <summary>The userName the client sent, as sent; Kagi usernames never change, so it must name the same user.</summary>
    public string? UserName { get; init; }

    public bool? Active { get; init; }

    public string? DisplayName { get; init; }

    public string? ExternalId { get; init; }

    public string? Email { get; init; }

    public ScimMembershipChange Groups { get; init; } = ScimMembershipChange.None;
}
