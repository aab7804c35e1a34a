using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Scim;
using MediatR;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// /scim/v2/{tenant}/Groups: the identity-provider groups the tenant's SSO mappings name and those the SCIM client
/// created. POST creates one (with its members), GET lists (<c>filter=displayName eq "x"</c>) or reads one, PUT replaces
/// the members, PATCH changes them, DELETE empties a group and forgets it (a group the mappings name stays, empty, until
/// the mapping goes). A group's name never changes (<c>mutability</c>), since it is what the mappings match. Whoever
/// joins or leaves gets the roles and Kagi groups their groups map to at once (SetUserRoles: a role taken away ends
/// their sessions and API tokens). A request names at most <see cref="ScimGroupLimits.MaximumMembersPerRequest"/>
/// users and a group holds at most <see cref="ScimGroupLimits.MaximumMembers"/>; the whole request is refused, before
/// anything changes, when it would break either or names a user the tenant does not have.
/// </summary>
public static class ScimGroups
{
    private const string Path = ScimResults.Routes + "/Groups";

    private const string Renamed =
        "A SCIM group's displayName is what the SSO mappings match and its id is made from it, so it never changes; create a group of the new name instead.";

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapPost(Path, CreateAsync).Sends<ScimDirectory.CreateGroup>();
            routes.MapGet(Path, ListAsync).Sends<ScimDirectory.ListGroups>();
            routes.MapGet(Path + "/{id}", GetAsync).Sends<ScimDirectory.ListGroups>();
            routes.MapPut(Path + "/{id}", ReplaceAsync).Sends<ScimDirectory.ChangeGroup>();
            routes.MapPatch(Path + "/{id}", PatchAsync).Sends<ScimDirectory.ChangeGroup>();
            routes.MapDelete(Path + "/{id}", DeleteAsync).Sends<ScimDirectory.DeleteGroup>();
        }
    }

    private static async Task<IResult> CreateAsync(string tenant, HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var input = ScimGroupInput.Parse(await ScimResults.BodyAsync(http, cancellationToken));
        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        var members = await UsernamesAsync(sync, input.Members, mustExist: true);
        var created = await mediator.Send(new ScimDirectory.CreateGroup(tenant, input.DisplayName, input.ExternalId), cancellationToken);
        if (members.Length > 0)
        {
            await ApplyAsync(mediator, sync, tenant, created.Id, [new ScimMembershipStep(ScimMembershipStepKind.Replace, members)], cancellationToken);
        }

        http.HttpContext.Response.Headers.Location = ScimResults.Location(http, tenant, "Groups", created.Id);
        return ScimResults.Json(Render(http, tenant, await FindAsync(mediator, tenant, created.Id, cancellationToken), members: true), StatusCodes.Status201Created);
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

    /// <summary>RFC 7644 3.5.1: the members become those sent (none when left out); the name must stay as it is and
    /// the externalId stays as first sent.</summary>
    private static async Task<IResult> ReplaceAsync(string tenant, string id, HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var input = ScimGroupInput.Parse(await ScimResults.BodyAsync(http, cancellationToken));
        var group = await FindAsync(mediator, tenant, id, cancellationToken);
        if (input.DisplayName != group.Name)
        {
            throw new ScimException(ScimException.Mutability, Renamed);
        }

        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        var members = await UsernamesAsync(sync, input.Members, mustExist: true);
        await ApplyAsync(mediator, sync, tenant, group.Id, [new ScimMembershipStep(ScimMembershipStepKind.Replace, members)], cancellationToken);
        return ScimResults.Json(Render(http, tenant, await FindAsync(mediator, tenant, group.Id, cancellationToken), members: true));
    }

    private static async Task<IResult> PatchAsync(string tenant, string id, HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var change = ScimGroupPatch.Parse(await ScimResults.BodyAsync(http, cancellationToken));
        var group = await FindAsync(mediator, tenant, id, cancellationToken);
        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        var steps = new List<ScimMembershipStep>();
        foreach (var step in change.Steps)
        {
            steps.Add(step with { Names = await UsernamesAsync(sync, step.Names, mustExist: step.Kind != ScimMembershipStepKind.Remove) });
        }

        // Checked here on the whole change, so a PATCH that would outgrow the group changes nothing (the group grain
        // checks each step again).
        ScimGroupLimits.CheckMembers(new ScimMembershipChange([.. steps]).ApplyTo(group.Members).Length);
        await ApplyAsync(mediator, sync, tenant, group.Id, steps, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>A group already deleted is not found (RFC 7644 3.6), unless the SSO mappings still name it.</summary>
    private static async Task<IResult> DeleteAsync(string tenant, string id, IMediator mediator, CancellationToken cancellationToken)
    {
        var group = await FindAsync(mediator, tenant, id, cancellationToken);
        var result = await mediator.Send(new ScimDirectory.DeleteGroup(tenant, group.Id), cancellationToken);
        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        foreach (var username in result.Before)
        {
            await sync.SyncRolesAsync(username);
        }

        return TypedResults.NoContent();
    }

    /// <summary>Applies the steps in order, then gives each user who joined or left the roles their groups now map to.</summary>
    private static async Task ApplyAsync(IMediator mediator, ScimUserSync sync, string tenant, string groupId, IEnumerable<ScimMembershipStep> steps, CancellationToken cancellationToken)
    {
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            var result = await mediator.Send(new ScimDirectory.ChangeGroup(tenant, groupId, step), cancellationToken);
            changed.UnionWith(result.Before.Except(result.After).Concat(result.After.Except(result.Before)));
        }

        foreach (var username in changed)
        {
            await sync.SyncRolesAsync(username);
        }
    }

    /// <summary>The Kagi usernames the member values name, without repeats; every one must be a user of the tenant
    /// when <paramref name="mustExist"/> (a member to add), so an unknown one refuses the request before it changes anything.</summary>
    private static async Task<ImmutableArray<string>> UsernamesAsync(ScimUserSync sync, IEnumerable<string> values, bool mustExist)
    {
        var usernames = values.Select(value => Identifiers.Canonicalize(value.Trim())
            ?? throw new ScimException(ScimException.InvalidValue, $"Member \"{ScimUserPatch.Shorten(value)}\" is not a Kagi user id.")).Distinct(StringComparer.Ordinal).ToList();
        if (mustExist)
        {
            foreach (var username in usernames)
            {
                _ = await sync.FindAsync(username) ?? throw new ScimException(ScimException.InvalidValue, $"No user '{username}' in this tenant to add.");
            }
        }

        return [.. usernames];
    }

    private static async Task<ScimGroupView> FindAsync(IMediator mediator, string tenant, string id, CancellationToken cancellationToken) =>
        (await mediator.Send(new ScimDirectory.ListGroups(tenant), cancellationToken)).FirstOrDefault(group => group.Id == id)
        ?? throw new KagiException(ProblemCode.NotFound, "No SCIM group by that id in this tenant.");

    private static JsonObject Render(HttpRequest http, string tenant, ScimGroupView group, bool members)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimGroupInput.GroupSchema),
            ["id"] = group.Id,
            ["displayName"] = group.Name,
        };
        if (group.ExternalId is { } externalId)
        {
            resource["externalId"] = externalId;
        }

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
