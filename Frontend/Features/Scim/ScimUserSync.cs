using System.Text.Json.Nodes;
using Kagi.Errors;
using Kagi.Frontend.Features.Sso;
using Kagi.Frontend.Features.Users;
using Kagi.Identity;
using Kagi.Scim;
using MediatR;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// Turns what a SCIM client asks into the Users slices' own requests (create, profile, roles, disable, enable), each
/// sent through the pipeline, so it is authorized, validated and audited (as <c>scim:{token}</c>) exactly as when an
/// admin sends it, and does what it does there: disabling ends sessions, API tokens and held accounts. Only changes
/// are sent: a PUT that repeats the user as they are records nothing.
/// </summary>
public sealed class ScimUserSync(IMediator mediator, string tenantId, CancellationToken cancellationToken)
{
    public async Task<UserInfo?> FindAsync(string username)
    {
        try
        {
            return await mediator.Send(new GetUser.Query(tenantId, username), cancellationToken);
        }
        catch (KagiException e) when (e.Code == ProblemCode.NotFound)
        {
            return null;
        }
    }

    public async Task<UserInfo> RequiredAsync(string username) =>
        await FindAsync(username) ?? throw new KagiException(ProblemCode.NotFound, $"No user '{username}' in this tenant.");

    public async Task<JsonObject> ResourceAsync(HttpRequest http, UserInfo user) =>
        ScimUserResource.Render(http, tenantId, user, await mediator.Send(new ScimDirectory.ReadUser(tenantId, user.Username), cancellationToken));

    public async Task ApplyAsync(UserInfo user, ScimUserChange change)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(change);
        if (change.UserName is { } userName && ScimUserInput.UsernameOf(userName) != user.Username)
        {
            throw new ScimException(ScimException.Mutability, "A Kagi username never changes; 'userName' must stay as it is.");
        }

        if (change.Active == true && user.Disabled)
        {
            await mediator.Send(new EnableUser.Command(tenantId, user.Username), cancellationToken);
        }

        if (change.DisplayName is not null || change.ExternalId is not null)
        {
            var profile = (await mediator.Send(new ScimDirectory.ReadUser(tenantId, user.Username), cancellationToken)).Profile;
            var wanted = profile with { DisplayName = OrNull(change.DisplayName ?? profile.DisplayName), ExternalId = OrNull(change.ExternalId ?? profile.ExternalId) };
            if (wanted != profile)
            {
                await mediator.Send(new ScimDirectory.SetProfile(tenantId, user.Username, wanted), cancellationToken);
            }
        }

        if (change.Email is { } email && email != (user.Email ?? ""))
        {
            await mediator.Send(new UpdateProfile.Command(tenantId, user.Username, email, null, null), cancellationToken);
        }

        if (!change.Groups.IsEmpty)
        {
            await ChangeGroupsAsync(user.Username, change.Groups);
        }

        // Last, so the user's other changes are made before their sessions end.
        if (change.Active == false && !user.Disabled)
        {
            await mediator.Send(new DisableUser.Command(tenantId, user.Username), cancellationToken);
        }
    }

    /// <summary>Gives the user the roles and Kagi groups their SCIM groups map to (<see cref="ScimGroupMapping"/>), when they differ.</summary>
    public async Task SyncRolesAsync(string username)
    {
        if (await FindAsync(username) is not { } user)
        {
            return;
        }

        var view = await mediator.Send(new ScimDirectory.ReadUser(tenantId, username), cancellationToken);
        var settings = await mediator.Send(new ReadSsoSettings.Query(tenantId), cancellationToken);
        var (roles, groups) = ScimGroupMapping.Of(settings.Providers).Map(view.Groups.Select(group => group.Name));
        if (!roles.ToHashSet(StringComparer.Ordinal).SetEquals(user.Roles) || !groups.ToHashSet(StringComparer.Ordinal).SetEquals(user.Groups))
        {
            await mediator.Send(new SetUserRoles.Command(tenantId, username, roles, groups), cancellationToken);
        }
    }

    private async Task ChangeGroupsAsync(string username, ScimMembershipChange change)
    {
        var groups = await mediator.Send(new ScimDirectory.ListGroups(tenantId), cancellationToken);
        if (change.Named.FirstOrDefault(id => !groups.Any(group => group.Id == id)) is { } unknown)
        {
            throw new ScimException(ScimException.InvalidValue, $"No SCIM group '{ScimUserPatch.Shorten(unknown)}' in this tenant: create it first (POST /Groups).");
        }

        var current = groups.Where(group => group.Members.Contains(username, StringComparer.Ordinal)).Select(group => group.Id).ToList();
        var wanted = change.ApplyTo(current);
        foreach (var id in wanted.Except(current, StringComparer.Ordinal))
        {
            await mediator.Send(new ScimDirectory.ChangeGroup(tenantId, id, new ScimMembershipStep(ScimMembershipStepKind.Add, [username])), cancellationToken);
        }

        foreach (var id in current.Except(wanted, StringComparer.Ordinal))
        {
            await mediator.Send(new ScimDirectory.ChangeGroup(tenantId, id, new ScimMembershipStep(ScimMembershipStepKind.Remove, [username])), cancellationToken);
        }

        await SyncRolesAsync(username);
    }

    private static string? OrNull(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
