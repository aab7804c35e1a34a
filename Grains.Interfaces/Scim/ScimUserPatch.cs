using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kagi.Scim;

/// <summary>
/// Reads a PATCH of a user (RFC 7644 3.5.2) in the shapes Entra ID and Okta send: a path per operation
/// (<c>active</c>, <c>displayName</c>, <c>externalId</c>, <c>emails</c>, <c>emails[type eq "work"].value</c>,
/// <c>groups</c>, <c>groups[value eq "x"]</c>), or no path and an object of such attributes. Attributes of the User
/// schemas that Kagi keeps nowhere (name, title, phone numbers, the enterprise extension, …) are accepted and
/// ignored, so a client's default mapping works; any other path is refused (<c>invalidPath</c>), never guessed at.
/// </summary>
public static partial class ScimUserPatch
{
    private const string CoreSchemaPrefix = "urn:ietf:params:scim:schemas:core:2.0:User:";
    private const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static readonly HashSet<string> Ignored = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone",
        "phoneNumbers", "addresses", "photos", "ims", "x509Certificates", "entitlements", "roles", "id", "schemas", "meta",
    };

    public static ScimUserChange Parse(JsonElement body)
    {
        return ScimOperation.Fold(body, new ScimUserChange(), Apply);
    }

    private static ScimUserChange Apply(ScimUserChange change, string op, string rawPath, JsonElement? value)
    {
        var path = rawPath.StartsWith(CoreSchemaPrefix, StringComparison.OrdinalIgnoreCase) ? rawPath[CoreSchemaPrefix.Length..] : rawPath;
        var remove = op == ScimOperation.Remove;
        if (WorkEmail().IsMatch(path))
        {
            return change with { Email = remove ? "" : ScimJson.Text(value, "emails.value") ?? "" };
        }

        if (GroupByValue().Match(path) is { Success: true } member)
        {
            return remove
                ? change with { Groups = change.Groups.Then(new(ScimMembershipStepKind.Remove, [JsonSerializer.Deserialize<string>(member.Groups["value"].Value)!])) }
                : throw new ScimException(ScimException.InvalidPath, "A filtered groups path may only be removed.");
        }

        switch (path.ToLowerInvariant())
        {
            case "active":
                return remove ? throw new ScimException(ScimException.Mutability, "'active' cannot be removed; set it to false to disable the user.")
                    : change with { Active = ScimJson.Flag(value, "active") };
            case "displayname":
                return change with { DisplayName = remove ? "" : ScimJson.Text(value, "displayName") ?? "" };
            case "externalid":
                return change with { ExternalId = remove ? "" : ScimJson.Text(value, "externalId") ?? "" };
            case "emails":
                return change with { Email = remove ? "" : ScimJson.Email(value) };
            case "username":
                return remove ? throw new ScimException(ScimException.Mutability, "'userName' cannot be removed.")
                    : change with { UserName = ScimJson.Text(value, "userName") };
            case "groups":
                var kind = op switch
                {
                    ScimOperation.Add => ScimMembershipStepKind.Add,
                    ScimOperation.Remove when value is not null => ScimMembershipStepKind.Remove,
                    _ => ScimMembershipStepKind.Replace,
                };
                return change with { Groups = change.Groups.Then(new(kind, value is null ? ImmutableArray<string>.Empty : ScimJson.Values(value, "groups"))) };
        }

        var root = path.Split('.', '[')[0];
        return Ignored.Contains(root) || path.StartsWith(EnterpriseSchema, StringComparison.OrdinalIgnoreCase)
            ? change
            : throw new ScimException(ScimException.InvalidPath, $"Kagi keeps no user attribute at the path '{Shorten(rawPath)}'.");
    }

    public static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex("""\Aemails\[\s*type\s+eq\s+"work"\s*\]\.value\z""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex WorkEmail();

    [GeneratedRegex("""\Agroups\[\s*value\s+eq\s+(?<value>"(?:[^"\\]|\\.)*")\s*\]\z""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex GroupByValue();
}
