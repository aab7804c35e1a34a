using System.Globalization;
using System.Text.Json.Nodes;
using Kagi.Scim;
using Kagi.Identity;

namespace Kagi.Frontend.Features.Scim;

/// <summary>A Kagi user as a SCIM User resource (RFC 7643 4.1): id and userName are the username, which never changes.</summary>
public static class ScimUserResource
{
    public static JsonObject Render(HttpRequest http, string tenantId, UserInfo user, ScimUserView view)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(view);
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUserInput.UserSchema),
            ["id"] = user.Username,
            ["userName"] = user.Username,
            ["active"] = !user.Disabled,
        };
        if (view.Profile.ExternalId is { } externalId)
        {
            resource["externalId"] = externalId;
        }

        if (view.Profile.DisplayName is { } displayName)
        {
            resource["displayName"] = displayName;
        }

        if (!string.IsNullOrEmpty(user.Email))
        {
            resource["emails"] = new JsonArray(new JsonObject { ["value"] = user.Email, ["type"] = "work", ["primary"] = true });
        }

        resource["groups"] = new JsonArray([.. view.Groups.Select(group => (JsonNode)new JsonObject
        {
            ["value"] = group.Id,
            ["display"] = group.Name,
            ["$ref"] = ScimResults.Location(http, tenantId, "Groups", group.Id),
        })]);
        resource["roles"] = new JsonArray([.. user.Roles.Select(role => (JsonNode)new JsonObject { ["value"] = role })]);
        resource["meta"] = new JsonObject
        {
            ["resourceType"] = "User",
            ["created"] = user.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["location"] = ScimResults.Location(http, tenantId, "Users", user.Username),
        };
        return resource;
    }
}
