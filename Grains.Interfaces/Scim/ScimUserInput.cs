using System.Text.Json;

namespace Kagi.Scim;

/// <summary>
/// A whole User resource as POST and PUT send it (RFC 7643 4.1). <see cref="UserName"/> is canonical by Kagi's one
/// identifier rule; <see cref="Active"/> defaults to true; <see cref="Email"/> and the rest are "" when absent, since
/// a PUT replaces them. <c>groups</c> is read-only on a User (RFC 7643 4.1.2) and so not read here.
/// </summary>
public sealed record ScimUserInput(string UserName, bool Active, string DisplayName, string ExternalId, string Email)
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";

    /// <summary>Write-only: used once, to create the user; never read back or recorded.</summary>
    public string? Password { get; init; }

    public override string ToString() => $"ScimUserInput {{ UserName = {UserName}, Active = {Active} }}";

    public static ScimUserInput Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ScimException(ScimException.InvalidSyntax, "The body must be a SCIM User object.");
        }

        return new ScimUserInput(
            UsernameOf(ScimJson.Text(ScimJson.Property(body, "userName"), "userName")),
            ScimJson.Property(body, "active") is { ValueKind: not JsonValueKind.Null } active ? ScimJson.Flag(active, "active") : true,
            ScimJson.Text(ScimJson.Property(body, "displayName"), "displayName") ?? "",
            ScimJson.Text(ScimJson.Property(body, "externalId"), "externalId") ?? "",
            ScimJson.Email(ScimJson.Property(body, "emails")))
        {
            Password = ScimJson.Text(ScimJson.Property(body, "password"), "password"),
        };
    }

    /// <summary>The Kagi username a SCIM userName names (trimmed, case folded), or invalidValue in our words.</summary>
    public static string UsernameOf(string? userName)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            throw new ScimException(ScimException.InvalidValue, "'userName' is required.");
        }

        return Identifiers.Canonicalize(userName.Trim())
            ?? throw new ScimException(ScimException.InvalidValue,
                $"'userName' \"{ScimUserPatch.Shorten(userName)}\" is not a Kagi username ({Identifiers.Rule}). Map a userName that is one, e.g. the user principal name.");
    }
}
