using Kagi.Errors;
using Kagi.Scim;

namespace Kagi.Domain.Scim;

/// <summary>
/// A tenant keeps a few SCIM tokens (one per provisioning client, plus one while rotating), each under a name no other
/// live token holds, since the name is who the audit log says acted.
/// </summary>
public static class ScimTokenRules
{
    public const int MaximumTokens = 5;

    public static ScimTokenState Add(ScimTokenState state, ScimTokenInfo info, string secretHash)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(info);
        if (state.Tokens.Any(token => token.Info.Name == info.Name))
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"A SCIM token named '{info.Name}' exists already; revoke it or choose another name.");
        }

        if (state.Tokens.Length >= MaximumTokens)
        {
            throw new KagiException(ProblemCode.InvalidState, $"A tenant holds at most {MaximumTokens} SCIM tokens; revoke one first.");
        }

        return state with { Tokens = state.Tokens.Add(new ScimTokenRecord(info, secretHash)) };
    }

    public static (ScimTokenState State, ScimTokenInfo Revoked) Revoke(ScimTokenState state, string tokenId)
    {
        ArgumentNullException.ThrowIfNull(state);
        var token = state.Tokens.FirstOrDefault(t => t.Info.Id == tokenId)
            ?? throw new KagiException(ProblemCode.NotFound, $"SCIM token '{tokenId}' was not found.");
        return (state with { Tokens = state.Tokens.Remove(token) }, token.Info);
    }

    /// <summary>The live token with this secret hash, or null.</summary>
    public static ScimTokenInfo? Find(ScimTokenState state, string secretHash)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Tokens.FirstOrDefault(token => token.SecretHash == secretHash)?.Info;
    }
}
