using Orleans.Concurrency;
using System.Collections.Immutable;

namespace Kagi.Scim;

/// <summary>
/// The tenant's SCIM bearer tokens (a short bounded list), each stored as the SHA-256 of the token only. Key: the
/// tenant id. It calls nothing.
/// </summary>
[Alias("kagi.IScimTokensGrain")]
public interface IScimTokensGrain : IGrainWithStringKey
{
    /// <summary>An admin adds a token by the hash of its secret (the Frontend made the secret and shows it once).
    /// Refused when the name is taken or the tenant holds the most tokens it may.</summary>
    [Alias("Create")]
    Task<ScimTokenInfo> CreateAsync(Caller caller, string name, string secretHash);

    [Alias("List")]
    Task<ImmutableArray<ScimTokenInfo>> ListAsync(Caller caller);

    /// <summary>An admin revokes a token: from then on it authenticates nothing. Not found when there is none by that id.</summary>
    [Alias("Revoke")]
    Task<ScimTokenInfo> RevokeAsync(Caller caller, string tokenId);

    /// <summary>The token whose secret hashes to <paramref name="secretHash"/>, or null. Asked by the Frontend's SCIM
    /// authentication before any caller exists, so it takes none; it reveals only what the secret's holder knows.</summary>
    [Alias("Authenticate")]
    [ReadOnly]
    Task<ScimTokenInfo?> AuthenticateAsync(string secretHash);
}
