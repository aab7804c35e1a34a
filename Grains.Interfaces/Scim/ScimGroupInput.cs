using System.Collections.Immutable;
using System.Text.Json;

namespace Kagi.Scim;

/// <summary>
/// A whole Group resource as POST and PUT send it (RFC 7643 4.2): <c>displayName</c> (required, 1 to
/// <see cref="ScimGroupLimits.MaximumNameLength"/> characters, kept exactly as sent, since it is what the SSO mappings
/// name), <c>externalId</c>, and <c>members</c> as a list of <c>{"value": user id}</c> (the user ids as sent; the
/// endpoint canonicalises them and checks each exists).
/// </summary>
public sealed record ScimGroupInput(string DisplayName, string? ExternalId, ImmutableArray<string> Members)
{
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";

    public static ScimGroupInput Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ScimException(ScimException.InvalidSyntax, "The body must be a SCIM Group object.");
        }

        var name = ScimJson.Text(ScimJson.Property(body, "displayName"), "displayName");
        if (string.IsNullOrWhiteSpace(name) || name.Length > ScimGroupLimits.MaximumNameLength)
        {
            throw new ScimException(ScimException.InvalidValue, $"'displayName' is required: the group's name, 1 to {ScimGroupLimits.MaximumNameLength} characters.");
        }

        var externalId = ScimJson.Text(ScimJson.Property(body, "externalId"), "externalId");
        if (externalId?.Length > ScimGroupLimits.MaximumExternalIdLength)
        {
            throw new ScimException(ScimException.InvalidValue, $"'externalId' may be at most {ScimGroupLimits.MaximumExternalIdLength} characters.");
        }

        var members = ScimJson.Values(ScimJson.Property(body, "members"), "members");
        ScimGroupLimits.CheckRequest(members.Distinct(StringComparer.Ordinal).Count());
        return new ScimGroupInput(name, string.IsNullOrEmpty(externalId) ? null : externalId, members);
    }
}
