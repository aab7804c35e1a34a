using System.Collections.Immutable;

namespace Kagi.Scim;

/// <summary>
/// The groups a tenant's SCIM client created (at most <see cref="ScimGroupLimits.MaximumCreatedGroups"/>), beside the
/// groups the SSO mappings name; their members live in <see cref="IScimGroupGrain"/>. Key: the tenant id. Only admins
/// (the SCIM client acts as one) read and change it; it calls nothing.
/// </summary>
[Alias("kagi.IScimGroupDirectoryGrain")]
public interface IScimGroupDirectoryGrain : IGrainWithStringKey
{
    [Alias("List")]
    Task<ImmutableArray<ScimGroupEntry>> ListAsync(Caller caller);

    /// <summary>Adds a group by name. Refused when one of that name was created already or the tenant holds the most it may.</summary>
    [Alias("Create")]
    Task<ScimGroupEntry> CreateAsync(Caller caller, string displayName, string? externalId);

    /// <summary>Forgets a created group; false when there was none by that id (a group only the mappings name).</summary>
    [Alias("Remove")]
    Task<bool> RemoveAsync(Caller caller, string groupId);
}
