using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Features.Users;

/// <summary>
/// PUT /api/t/{tenant}/users/{username:id}/profile {"email"?,"locale"?,"groups"?,"timeZone"?}: where and in which
/// language Kagi writes to the user, their groups, and the IANA time zone the console shows their times in
/// (GET …/me answers it). Fields left out stay as they are; an empty
/// email removes the address. Admins may change anyone's; a user their own email, locale and time
/// zone (the grain decides). Groups shape approver sets, so the change is fail-closed and audited.
/// </summary>
public static class UpdateProfile
{
    public sealed record Body(string? Email = null, string? Locale = null, [property: Identifier] ImmutableArray<string>? Groups = null, string? TimeZone = null);

    [AnyRole]
    public sealed record Command(string TenantId, string Username, string? Email, string? Locale, ImmutableArray<string>? Groups, string? TimeZone = null)
        : MediatR.IRequest<UserInfo>, IFailClosedRequest
    {
        public string AuditAction => "user.profile";
        public string? AuditSubject => Username;
        public string? AuditDetail => string.Join("; ", new[]
        {
            Email is null ? null : Email.Length == 0 ? "email removed" : "email set",
            Locale is null ? null : $"locale {Locale}",
            Groups is { IsDefault: false } groups ? $"groups [{string.Join(",", groups)}]" : null,
            TimeZone is null ? null : $"time zone {TimeZone}",
        }.OfType<string>());
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("username", request.Username);
            errors.Profile(request.Email, request.Locale, request.Groups, request.TimeZone);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, UserInfo>
    {
        public Task<UserInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IUserGrain>(GrainKeys.For(request.TenantId, request.Username))
                .SetProfileAsync(callers.Required, new UserProfile(request.Email, request.Locale, request.Groups) { TimeZone = request.TimeZone });
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/users/{username:id}/profile", async (string tenant, string username, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, username, body.Email, body.Locale, body.Groups, body.TimeZone?.Trim()), cancellationToken)));
    }
}
