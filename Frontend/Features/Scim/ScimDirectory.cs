using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Scim;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// The requests for what only SCIM keeps (<see cref="IScimUserGrain"/>, <see cref="IScimGroupGrain"/>); everything
/// else a SCIM endpoint does it asks of the Users slices' own requests. Sent by the SCIM endpoints (no route of its
/// own); admin only, so the SCIM client, which acts as an admin of its tenant, may send them.
/// </summary>
public static class ScimDirectory
{
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record ReadUser(string TenantId, string Username) : MediatR.IRequest<ScimUserView>, ITenantRequest, IIdempotentRequest;

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record ListGroups(string TenantId) : MediatR.IRequest<ImmutableArray<ScimGroupView>>, ITenantRequest, IIdempotentRequest;

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record SetProfile(string TenantId, string Username, ScimUserProfile Profile) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        public string AuditAction => "scim.user.profile";
        public string? AuditSubject => Username;
        public string? AuditDetail => $"display name {(string.IsNullOrEmpty(Profile.DisplayName) ? "none" : "set")}; external id {(string.IsNullOrEmpty(Profile.ExternalId) ? "none" : "set")}";
    }

    /// <summary>After offboarding: the profile and every SCIM group membership of the user go.</summary>
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Forget(string TenantId, string Username) : MediatR.IRequest<Unit>, IFailClosedRequest
    {
        public string AuditAction => "scim.user.forget";
        public string? AuditSubject => Username;
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record ChangeGroup(string TenantId, string GroupId, ScimMembershipStep Step) : MediatR.IRequest<ScimMembershipResult>, IFailClosedRequest
    {
        public string AuditAction => "scim.group.members";
        public string? AuditSubject => GroupId;
        public string? AuditDetail => $"{Step.Kind.ToString().ToLowerInvariant()} [{string.Join(",", Step.Names)}]";
    }

    public sealed class Validator : IRequestValidator<ReadUser>, IRequestValidator<SetProfile>, IRequestValidator<Forget>, IRequestValidator<ChangeGroup>
    {
        public const int MaximumText = 256;

        public void Validate(ReadUser request, ValidationErrors errors) => errors.Identifier("username", request.Username);

        public void Validate(SetProfile request, ValidationErrors errors)
        {
            errors.Identifier("username", request.Username);
            if (request.Profile.DisplayName?.Length > MaximumText)
            {
                errors.Add("displayName", $"must be at most {MaximumText} characters.");
            }

            if (request.Profile.ExternalId?.Length > MaximumText)
            {
                errors.Add("externalId", $"must be at most {MaximumText} characters.");
            }
        }

        public void Validate(Forget request, ValidationErrors errors) => errors.Identifier("username", request.Username);

        public void Validate(ChangeGroup request, ValidationErrors errors)
        {
            errors.Identifier("id", request.GroupId);
            if (request.Step.Names.Length > ScimJson.MaximumValues)
            {
                errors.Add("members", $"must hold at most {ScimJson.MaximumValues} users.");
            }

            if (request.Step.Names.Any(name => !Identifiers.IsValid(name)))
            {
                errors.Add("members", $"each value must be a Kagi username ({Identifiers.Rule}).");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers)
        : IRequestHandler<ReadUser, ScimUserView>, IRequestHandler<ListGroups, ImmutableArray<ScimGroupView>>,
          IRequestHandler<SetProfile, Unit>, IRequestHandler<Forget, Unit>, IRequestHandler<ChangeGroup, ScimMembershipResult>
    {
        public async Task<ScimUserView> Handle(ReadUser request, CancellationToken cancellationToken)
        {
            var profile = await cluster.GetGrain<IScimUserGrain>(GrainKeys.For(request.TenantId, request.Username)).GetAsync(callers.Required);
            var groups = await GroupsAsync(request.TenantId);
            return new ScimUserView(profile, [.. groups.Where(group => group.Members.Contains(request.Username, StringComparer.Ordinal))]);
        }

        public async Task<ImmutableArray<ScimGroupView>> Handle(ListGroups request, CancellationToken cancellationToken) => await GroupsAsync(request.TenantId);

        public async Task<Unit> Handle(SetProfile request, CancellationToken cancellationToken)
        {
            await cluster.GetGrain<IScimUserGrain>(GrainKeys.For(request.TenantId, request.Username)).SetAsync(callers.Required, request.Profile);
            return Unit.Value;
        }

        public async Task<Unit> Handle(Forget request, CancellationToken cancellationToken)
        {
            var caller = callers.Required;
            foreach (var group in await GroupsAsync(request.TenantId))
            {
                await Group(request.TenantId, group.Id).ApplyAsync(caller, new ScimMembershipStep(ScimMembershipStepKind.Remove, [request.Username]));
            }

            await cluster.GetGrain<IScimUserGrain>(GrainKeys.For(request.TenantId, request.Username)).SetAsync(caller, null);
            return Unit.Value;
        }

        public async Task<ScimMembershipResult> Handle(ChangeGroup request, CancellationToken cancellationToken)
        {
            if (!(await MappedGroupsAsync(request.TenantId)).Any(name => ScimGroupIds.Of(name) == request.GroupId))
            {
                throw new KagiException(ProblemCode.NotFound, $"No SCIM group '{request.GroupId}': a SCIM group is one the tenant's SSO mappings name.");
            }

            return await Group(request.TenantId, request.GroupId).ApplyAsync(callers.Required, request.Step);
        }

        private async Task<ImmutableArray<ScimGroupView>> GroupsAsync(string tenantId)
        {
            var caller = callers.Required;
            var names = await MappedGroupsAsync(tenantId);
            var members = await Task.WhenAll(names.Select(name => Group(tenantId, ScimGroupIds.Of(name)).MembersAsync(caller)));
            return [.. names.Select((name, i) => new ScimGroupView(ScimGroupIds.Of(name), name, members[i]))];
        }

        private async Task<ImmutableArray<string>> MappedGroupsAsync(string tenantId) =>
            ScimGroupMapping.Of((await cluster.GetGrain<ISsoSettingsGrain>(tenantId).GetAsync(callers.Required)).Providers).Groups;

        private IScimGroupGrain Group(string tenantId, string groupId) => cluster.GetGrain<IScimGroupGrain>(GrainKeys.For(tenantId, groupId));
    }
}
