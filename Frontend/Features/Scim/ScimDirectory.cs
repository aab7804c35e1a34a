using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Scim;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// The requests for what only SCIM keeps (<see cref="IScimUserGrain"/>, <see cref="IScimGroupGrain"/>,
/// <see cref="IScimGroupDirectoryGrain"/>); everything
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

    /// <summary>A group of the SCIM client's own (POST /Groups); refused when a group of that name exists, created or
    /// named by the SSO mappings.</summary>
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record CreateGroup(string TenantId, string DisplayName, string? ExternalId) : MediatR.IRequest<ScimGroupEntry>, IFailClosedRequest
    {
        public string AuditAction => "scim.group.create";
        // Empty when a refusal is audited before the body is read (RouteOnlyRequest leaves the name unset).
        public string? AuditSubject => string.IsNullOrEmpty(DisplayName) ? null : ScimGroupIds.Of(DisplayName);
        public string? AuditDetail => $"name {DisplayName}; external id {(ExternalId is null ? "none" : "set")}";
    }

    /// <summary>Empties the group and forgets it when the SCIM client created it; a group the SSO mappings name stays, empty.</summary>
    [AllowedRoles(KagiRoles.Admin)]
    public sealed record DeleteGroup(string TenantId, string GroupId) : MediatR.IRequest<ScimMembershipResult>, IFailClosedRequest
    {
        /// <summary>Filled in by the handler: who the group held, for the audit record.</summary>
        public List<string> Removed { get; } = [];

        public string AuditAction => "scim.group.delete";
        public string? AuditSubject => GroupId;
        public string? AuditDetail => $"removed [{string.Join(",", Removed)}]";
    }

    public sealed class Validator : IRequestValidator<ReadUser>, IRequestValidator<SetProfile>, IRequestValidator<Forget>, IRequestValidator<ChangeGroup>,
        IRequestValidator<CreateGroup>, IRequestValidator<DeleteGroup>
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

        public void Validate(CreateGroup request, ValidationErrors errors)
        {
            if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > ScimGroupLimits.MaximumNameLength)
            {
                errors.Add("displayName", $"must be 1 to {ScimGroupLimits.MaximumNameLength} characters.");
            }

            if (request.ExternalId?.Length > ScimGroupLimits.MaximumExternalIdLength)
            {
                errors.Add("externalId", $"must be at most {ScimGroupLimits.MaximumExternalIdLength} characters.");
            }
        }

        public void Validate(DeleteGroup request, ValidationErrors errors) => errors.Identifier("id", request.GroupId);
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers)
        : IRequestHandler<ReadUser, ScimUserView>, IRequestHandler<ListGroups, ImmutableArray<ScimGroupView>>,
          IRequestHandler<SetProfile, Unit>, IRequestHandler<Forget, Unit>, IRequestHandler<ChangeGroup, ScimMembershipResult>,
          IRequestHandler<CreateGroup, ScimGroupEntry>, IRequestHandler<DeleteGroup, ScimMembershipResult>
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
            await EnsureKnownAsync(request.TenantId, request.GroupId);
            return await Group(request.TenantId, request.GroupId).ApplyAsync(callers.Required, request.Step);
        }

        public async Task<ScimGroupEntry> Handle(CreateGroup request, CancellationToken cancellationToken)
        {
            if ((await MappedGroupsAsync(request.TenantId)).Contains(request.DisplayName, StringComparer.Ordinal))
            {
                throw new KagiException(ProblemCode.AlreadyExists, $"A SCIM group named '{request.DisplayName}' exists already: the tenant's SSO mappings name it.");
            }

            return await CreatedGroups(request.TenantId).CreateAsync(callers.Required, request.DisplayName, request.ExternalId);
        }

        public async Task<ScimMembershipResult> Handle(DeleteGroup request, CancellationToken cancellationToken)
        {
            await EnsureKnownAsync(request.TenantId, request.GroupId);
            var caller = callers.Required;
            var result = await Group(request.TenantId, request.GroupId).ApplyAsync(caller, new ScimMembershipStep(ScimMembershipStepKind.Replace, []));
            request.Removed.AddRange(result.Before);
            await CreatedGroups(request.TenantId).RemoveAsync(caller, request.GroupId);
            return result;
        }

        private async Task EnsureKnownAsync(string tenantId, string groupId)
        {
            if (!(await KnownGroupsAsync(tenantId)).Names.Any(name => ScimGroupIds.Of(name) == groupId))
            {
                throw new KagiException(ProblemCode.NotFound, $"No SCIM group '{groupId}' in this tenant.");
            }
        }

        private async Task<ImmutableArray<ScimGroupView>> GroupsAsync(string tenantId)
        {
            var caller = callers.Required;
            var (names, created) = await KnownGroupsAsync(tenantId);
            var members = await Task.WhenAll(names.Select(name => Group(tenantId, ScimGroupIds.Of(name)).MembersAsync(caller)));
            return [.. names.Select((name, i) => new ScimGroupView(ScimGroupIds.Of(name), name, members[i],
                created.FirstOrDefault(entry => entry.DisplayName == name)?.ExternalId))];
        }

        /// <summary>The names of the groups the SSO mappings name and of those the SCIM client created, in ordinal order.</summary>
        private async Task<(ImmutableArray<string> Names, ImmutableArray<ScimGroupEntry> Created)> KnownGroupsAsync(string tenantId)
        {
            var created = await CreatedGroups(tenantId).ListAsync(callers.Required);
            var mapped = await MappedGroupsAsync(tenantId);
            return ([.. mapped.Concat(created.Select(entry => entry.DisplayName)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], created);
        }

        private async Task<ImmutableArray<string>> MappedGroupsAsync(string tenantId) =>
            ScimGroupMapping.Of((await cluster.GetGrain<ISsoSettingsGrain>(tenantId).GetAsync(callers.Required)).Providers).Groups;

        private IScimGroupGrain Group(string tenantId, string groupId) => cluster.GetGrain<IScimGroupGrain>(GrainKeys.For(tenantId, groupId));

        private IScimGroupDirectoryGrain CreatedGroups(string tenantId) => cluster.GetGrain<IScimGroupDirectoryGrain>(tenantId);
    }
}
