using System.Collections.Immutable;
using System.Security.Cryptography;
using Kagi.Domain.Scim;
using Kagi.Hosting;

namespace Kagi.Scim;

/// <summary>Load → decide (<see cref="ScimTokenRules"/>) → persist. The list is short and bounded, so it is grain state;
/// authenticating reads it without writing, so SCIM calls cost no storage write.</summary>
public sealed class ScimTokensGrain(
    [PersistentState("scimTokens", KagiStorage.GrainState)] IPersistentState<ScimTokenState> state,
    TimeProvider time) : Grain, IScimTokensGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public async Task<ScimTokenInfo> CreateAsync(Caller caller, string name, string secretHash)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        var info = new ScimTokenInfo(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), name, time.GetUtcNow(), caller.Username);
        state.State = ScimTokenRules.Add(state.State, info, secretHash);
        await state.WriteStateAsync();
        return info;
    }

    public Task<ImmutableArray<ScimTokenInfo>> ListAsync(Caller caller)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        return Task.FromResult(state.State.Tokens.Select(token => token.Info).ToImmutableArray());
    }

    public async Task<ScimTokenInfo> RevokeAsync(Caller caller, string tokenId)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        var (next, revoked) = ScimTokenRules.Revoke(state.State, tokenId);
        state.State = next;
        await state.WriteStateAsync();
        return revoked;
    }

    public Task<ScimTokenInfo?> AuthenticateAsync(string secretHash) => Task.FromResult(ScimTokenRules.Find(state.State, secretHash));
}
