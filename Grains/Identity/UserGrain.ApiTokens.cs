using System.Collections.Immutable;
using System.Security.Cryptography;
using Kagi.Errors;

namespace Kagi.Identity;

public sealed partial class UserGrain
{
    public const int MaximumApiTokens = 20;
    public static readonly TimeSpan LongestApiToken = TimeSpan.FromDays(366);

    public async Task<ApiTokenInfo> CreateApiTokenAsync(Caller caller, NewApiToken token, PasswordProof proof)
    {
        EnsureSelf(caller);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(proof);
        var now = time.GetUtcNow();
        var roles = token.Roles.IsDefaultOrEmpty ? [] : token.Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        if (roles.IsEmpty || roles.Any(role => !state.State.Roles.Contains(role)))
        {
            throw new KagiException(ProblemCode.Forbidden, "An API token may hold only roles you hold yourself.");
        }

        if (token.ExpiresAt <= now || token.ExpiresAt > now + LongestApiToken)
        {
            throw new KagiException(ProblemCode.Invalid, "expiresAt must be in the future and within a year.");
        }

        var live = state.State.ApiTokens.Where(t => t.Info.ExpiresAt > now).ToList();
        if (live.Count >= MaximumApiTokens)
        {
            throw new KagiException(ProblemCode.InvalidState, $"At most {MaximumApiTokens} API tokens; revoke one first.");
        }

        await ConfirmPasswordAsync(proof.CurrentPassword);

        var info = new ApiTokenInfo(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), token.Name, roles, now, token.ExpiresAt);
        state.State = state.State with { ApiTokens = [.. live, new ApiTokenRecord(info, token.SessionKey)] };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ISessionGrain>(token.SessionKey)
            .StartAsync(new SessionInfo(TenantId, LocalId, roles, token.ExpiresAt) { ApiTokenId = info.Id });
        return info;
    }

    public Task<ImmutableArray<ApiTokenInfo>> ListApiTokensAsync(Caller caller)
    {
        EnsureSelf(caller);
        var now = time.GetUtcNow();
        return Task.FromResult(state.State.ApiTokens.Where(t => t.Info.ExpiresAt > now).Select(t => t.Info).ToImmutableArray());
    }

    public async Task RevokeApiTokenAsync(Caller caller, string tokenId)
    {
        EnsureSelf(caller);
        var token = state.State.ApiTokens.FirstOrDefault(t => t.Info.Id == tokenId) ?? throw NotFound("The API token");
        state.State = state.State with { ApiTokens = state.State.ApiTokens.Remove(token) };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ISessionGrain>(token.SessionKey).EndAsync();
    }
}
