using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kagi.Scim;

/// <summary>
/// Reads a PATCH of a group's members (RFC 7644 3.5.2): <c>add</c>/<c>remove</c>/<c>replace</c> at <c>members</c> with
/// a list of <c>{"value": user id}</c>, <c>remove</c> at <c>members[value eq "id"]</c> (Okta), or no path and
/// <c>{"members": […]}</c>. A group's name is what the SSO mappings match, so it cannot be changed here
/// (<c>mutability</c>); any other path is refused. All operations together name at most
/// <see cref="ScimGroupLimits.MaximumMembersPerRequest"/> users.
/// </summary>
public static partial class ScimGroupPatch
{
    public static ScimMembershipChange Parse(JsonElement body)
    {
        var change = ScimOperation.Fold(body, ScimMembershipChange.None, Apply);
        ScimGroupLimits.CheckRequest(change.Named.Count());
        return change;
    }

    private static ScimMembershipChange Apply(ScimMembershipChange change, string op, string path, JsonElement? value)
    {
        if (MemberByValue().Match(path) is { Success: true } member)
        {
            return op == ScimOperation.Remove
                ? change.Then(new(ScimMembershipStepKind.Remove, [JsonSerializer.Deserialize<string>(member.Groups["value"].Value)!]))
                : throw new ScimException(ScimException.InvalidPath, "A filtered members path may only be removed.");
        }

        switch (path.ToLowerInvariant())
        {
            case "members":
                var kind = op switch
                {
                    ScimOperation.Add => ScimMembershipStepKind.Add,
                    ScimOperation.Remove when value is not null => ScimMembershipStepKind.Remove,
                    _ => ScimMembershipStepKind.Replace,
                };
                return change.Then(new(kind, value is null ? ImmutableArray<string>.Empty : ScimJson.Values(value, "members")));
            case "displayname" or "externalid":
                throw new ScimException(ScimException.Mutability,
                    "A SCIM group's name is what the SSO mappings match and its id is made from it, so it never changes; create a group of the new name instead.");
            case "id" or "schemas" or "meta":
                return change;
            default:
                throw new ScimException(ScimException.InvalidPath, $"A group has only members to change, not '{ScimUserPatch.Shorten(path)}'.");
        }
    }

    [GeneratedRegex("""\Amembers\[\s*value\s+eq\s+(?<value>"(?:[^"\\]|\\.)*")\s*\]\z""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MemberByValue();
}
