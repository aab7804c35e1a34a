namespace Kagi.Identity;

/// <summary>A person who signs in to one tenant. Key: <c>{tenantId}/{username}</c>.</summary>
[Alias("kagi.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user. Refuses an existing username.</summary>
    [Alias("Create")]
    Task<UserInfo> CreateAsync(Caller caller, NewUser user);

    /// <summary>Checks a password. Returns the user on success, null on any refusal
    /// (unknown user or wrong password look the same).</summary>
    [Alias("CheckPassword")]
    Task<UserInfo?> CheckPasswordAsync(string password);

    [Alias("Get")]
    Task<UserInfo?> GetAsync(Caller caller);
}
