using System.Collections.Immutable;

namespace Kagi.Scim;

/// <summary>
/// The members (Kagi usernames) of one identity-provider group as the SCIM client pushed them; the one place Kagi
/// keeps SCIM group membership. Key: <c>{tenant}/{group id}</c> (<see cref="ScimGroupIds"/>). Only admins (the SCIM
/// client acts as one) read and change it; it calls nothing.
/// </summary>
[Alias("kagi.IScimGroupGrain")]
public interface IScimGroupGrain : IGrainWithStringKey
{
    [Alias("Members")]
    Task<ImmutableArray<string>> MembersAsync(Caller caller);

    /// <summary>Applies one step and answers the members before and after it, so the caller knows whose roles changed.</summary>
    [Alias("Apply")]
    Task<ScimMembershipResult> ApplyAsync(Caller caller, ScimMembershipStep change);
}
