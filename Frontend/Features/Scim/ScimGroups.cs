using System.Text.Json.Nodes;
using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Scim;
using MediatR;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// /scim/v2/{tenant}/Groups: the identity-provider groups the tenant's SSO mappings name (Kagi creates no other), listed
/// (<c>filter=displayName eq "x"</c>) or read with their members, and their members changed by PATCH. Whoever joins or
/// leaves gets the roles and Kagi groups their groups map to at once (SetUserRoles: a role taken away ends their
/// sessions and API tokens).
/// </summary>
public static class ScimGroups
{
    private const string Path = ScimResults.Routes + "/Groups";
    private const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapGet(Path, ListAsync).Sends<ScimDirectory.ListGroups>();
            routes.MapGet(Path + "/{id}", GetAsync).Sends<ScimDirectory.ListGroups>();
            routes.MapPatch(Path + "/{id}", PatchAsync).Sends<ScimDirectory.ChangeGroup>();
        }
    }

    private static async Task<IResult> ListAsync(string tenant, string? filter, int? startIndex, int? count, string? excludedAttributes,
        HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var (start, size) = ScimResults.Page(startIndex, count);
        var groups = await mediator.Send(new ScimDirectory.ListGroups(tenant), cancellationToken);
        if (filter is not null)
        {
            var name = ScimFilter.Equality(filter, "displayName");
            groups = [.. groups.Where(group => group.Name == name)];
        }

        var members = excludedAttributes?.Contains("members", StringComparison.OrdinalIgnoreCase) != true;
        var page = groups.Skip(start - 1).Take(size).Select(group => (JsonNode)Render(http, tenant, group, members)).ToList();
        return ScimResults.Json(ScimResults.List(page, groups.Length, start));
    }

    private static async Task<IResult> GetAsync(string tenant, string id, HttpRequest http, IMediator mediator, CancellationToken cancellationToken) =>
        ScimResults.Json(Render(http, tenant, await FindAsync(mediator, tenant, id, cancellationToken), members: true));

    private static async Task<IResult> PatchAsync(string tenant, string id, HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var change = ScimGroupPatch.Parse(await ScimResults.BodyAsync(http, cancellationToken));
        var group = await FindAsync(mediator, tenant, id, cancellationToken);
        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        var steps = new List<ScimMembershipStep>();
        foreach (var step in change.Steps)
        {
            var usernames = step.Names.Select(name => Identifiers.Canonicalize(name.Trim())
                ?? throw new ScimException(ScimException.InvalidValue, $"Member \"{ScimUserPatch.Shorten(name)}\" is not a Kagi user id.")).ToList();
            if (step.Kind != ScimMembershipStepKind.Remove)
            {
                foreach (var username in usernames)
                {
                    _ = await sync.FindAsync(username) ?? throw new ScimException(ScimException.InvalidValue, $"No user '{username}' in this tenant to add.");
                }
            }

            steps.Add(step with { Names = [.. usernames.Distinct(StringComparer.Ordinal)] });
        }

        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            var result = await mediator.Send(new ScimDirectory.ChangeGroup(tenant, group.Id, step), cancellationToken);
            changed.UnionWith(result.Before.Except(result.After).Concat(result.After.Except(result.Before)));
        }

        foreach (var username in changed)
        {
            await sync.SyncRolesAsync(username);
        }

        return TypedResults.NoContent();
    }

    private static async Task<ScimGroupView> FindAsync(IMediator mediator, string tenant, string id, CancellationToken cancellationToken) =>
        (await mediator.Send(new ScimDirectory.ListGroups(tenant), cancellationToken)).FirstOrDefault(group => group.Id == id)
        ?? throw new KagiException(ProblemCode.NotFound, "No SCIM group by that id: a SCIM group is one the tenant's SSO mappings name.");

    private static JsonObject Render(HttpRequest http, string tenant, ScimGroupView group, bool members)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(GroupSchema),
            ["id"] = group.Id,
            ["displayName"] = group.Name,
        };
        if (members)
        {
            resource["members"] = new JsonArray([.. group.Members.Select(member => (JsonNode)new JsonObject
            {
                ["value"] = member,
                ["display"] = member,
                ["$ref"] = ScimResults.Location(http, tenant, "Users", member),
            })]);
        }

        resource["meta"] = new JsonObject { ["resourceType"] = "Group", ["location"] = ScimResults.Location(http, tenant, "Groups", group.Id) };
        return resource;
    }
}
