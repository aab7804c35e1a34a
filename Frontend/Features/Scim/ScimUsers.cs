using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kagi.Scim;
using Kagi.Errors;
using Kagi.Frontend.Features.Sso;
using Kagi.Frontend.Features.Users;
using Kagi.Frontend.Hosting;
using Kagi.Identity;
using MediatR;
using Microsoft.AspNetCore.WebUtilities;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// /scim/v2/{tenant}/Users (RFC 7644 3.3-3.6), for the tenant's SCIM token only (<see cref="ScimAuthentication"/>):
/// POST creates a user (roles from the SSO mappings, at least <c>user</c>; no password given means an unknown random
/// one, for SSO users), GET lists (<c>filter=userName eq "x"</c>, startIndex/count) or reads one, PUT and PATCH change
/// active, displayName, externalId, emails and groups (active=false disables: sessions, API tokens and held accounts
/// end), DELETE offboards exactly as DELETE /api/t/{tenant}/users/{u} does. A user's id is their username.
/// </summary>
public static class ScimUsers
{
    private const string Path = ScimResults.Routes + "/Users";

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapPost(Path, CreateAsync).Sends<ScimDirectory.SetProfile>();
            routes.MapGet(Path, ListAsync).Sends<ScimDirectory.ReadUser>();
            routes.MapGet(Path + "/{id}", GetAsync).Sends<ScimDirectory.ReadUser>();
            routes.MapPut(Path + "/{id}", ReplaceAsync).Sends<ScimDirectory.SetProfile>();
            routes.MapPatch(Path + "/{id}", PatchAsync).Sends<ScimDirectory.SetProfile>();
            routes.MapDelete(Path + "/{id}", DeleteAsync).Sends<ScimDirectory.Forget>();
        }
    }

    private static async Task<IResult> CreateAsync(string tenant, HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var input = ScimUserInput.Parse(await ScimResults.BodyAsync(http, cancellationToken));
        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        if (await sync.FindAsync(input.UserName) is not null)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"User '{input.UserName}' exists already.");
        }

        var settings = await mediator.Send(new ReadSsoSettings.Query(tenant), cancellationToken);
        var (roles, groups) = ScimGroupMapping.Of(settings.Providers).Map([]);
        var created = await mediator.Send(new CreateUser.Command(tenant, input.UserName, input.Password ?? UnknownPassword(), roles)
        {
            Email = input.Email.Length == 0 ? null : input.Email,
            Groups = groups,
        }, cancellationToken);
        await sync.ApplyAsync(created, new ScimUserChange { Active = input.Active, DisplayName = input.DisplayName, ExternalId = input.ExternalId });
        http.HttpContext.Response.Headers.Location = ScimResults.Location(http, tenant, "Users", input.UserName);
        return ScimResults.Json(await sync.ResourceAsync(http, await sync.RequiredAsync(input.UserName)), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(string tenant, string? filter, int? startIndex, int? count, HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var (start, size) = ScimResults.Page(startIndex, count);
        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        List<string> usernames;
        if (filter is not null)
        {
            // A userName that is no Kagi username names nobody: an empty list, as for any other unknown name.
            var value = ScimFilter.Equality(filter, "userName");
            usernames = Identifiers.Canonicalize(value.Trim()) is { } username && await sync.FindAsync(username) is not null ? [username] : [];
        }
        else
        {
            usernames = await AllUsernamesAsync(mediator, tenant, cancellationToken);
        }

        var page = new List<JsonNode>();
        foreach (var username in usernames.Skip(start - 1).Take(size))
        {
            if (await sync.FindAsync(username) is { } user)
            {
                page.Add(await sync.ResourceAsync(http, user));
            }
        }

        return ScimResults.Json(ScimResults.List(page, usernames.Count, start));
    }

    private static async Task<IResult> GetAsync(string tenant, string id, HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        return ScimResults.Json(await sync.ResourceAsync(http, await sync.RequiredAsync(UsernameOf(id))));
    }

    private static async Task<IResult> ReplaceAsync(string tenant, string id, HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var input = ScimUserInput.Parse(await ScimResults.BodyAsync(http, cancellationToken));
        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        var user = await sync.RequiredAsync(UsernameOf(id));
        await sync.ApplyAsync(user, new ScimUserChange
        {
            UserName = input.UserName, Active = input.Active, DisplayName = input.DisplayName, ExternalId = input.ExternalId, Email = input.Email,
        });
        return ScimResults.Json(await sync.ResourceAsync(http, await sync.RequiredAsync(user.Username)));
    }

    private static async Task<IResult> PatchAsync(string tenant, string id, HttpRequest http, IMediator mediator, CancellationToken cancellationToken)
    {
        var change = ScimUserPatch.Parse(await ScimResults.BodyAsync(http, cancellationToken));
        var sync = new ScimUserSync(mediator, tenant, cancellationToken);
        var user = await sync.RequiredAsync(UsernameOf(id));
        await sync.ApplyAsync(user, change);
        return ScimResults.Json(await sync.ResourceAsync(http, await sync.RequiredAsync(user.Username)));
    }

    /// <summary>A user already deleted is not found (RFC 7644 3.6); an offboarding left unfinished is finished through
    /// DELETE /api/t/{tenant}/users/{u}, whose answer said so.</summary>
    private static async Task<IResult> DeleteAsync(string tenant, string id, IMediator mediator, CancellationToken cancellationToken)
    {
        var username = (await new ScimUserSync(mediator, tenant, cancellationToken).RequiredAsync(UsernameOf(id))).Username;
        await mediator.Send(new DeleteUser.Command(tenant, username), cancellationToken);
        await mediator.Send(new ScimDirectory.Forget(tenant, username), cancellationToken);
        return TypedResults.NoContent();
    }

    private static string UsernameOf(string id) =>
        Identifiers.Canonicalize(id) ?? throw new KagiException(ProblemCode.NotFound, "No user by that id in this tenant.");

    private static async Task<List<string>> AllUsernamesAsync(IMediator mediator, string tenant, CancellationToken cancellationToken)
    {
        var usernames = new List<string>();
        string? continuation = null;
        do
        {
            var page = await mediator.Send(new ListUsers.Query(tenant, new UserQuery(), 500, continuation), cancellationToken);
            usernames.AddRange(page.Users.Select(user => user.Username));
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return usernames;
    }

    /// <summary>A password nobody knows, for a user who signs in through the identity provider; an admin may set one later.</summary>
    private static string UnknownPassword() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32)) + "!aA1";
}
