namespace Kagi.Scim;

/// <summary>
/// A user's SCIM profile (<see cref="ScimUserProfile"/>). Key: <c>{tenant}/{username}</c>. Only admins (the SCIM
/// client acts as one) read and change it; it calls nothing.
/// </summary>
[Alias("kagi.IScimUserGrain")]
public interface IScimUserGrain : IGrainWithStringKey
{
    /// <summary>The profile; an empty one when the SCIM client never set one.</summary>
    [Alias("Get")]
    Task<ScimUserProfile> GetAsync(Caller caller);

    /// <summary>Replaces the profile; null forgets it (the user was deleted).</summary>
    [Alias("Set")]
    Task<ScimUserProfile> SetAsync(Caller caller, ScimUserProfile? profile);
}
