using Kagi.Domain.Scim;
using Kagi.Errors;
using Kagi.Scim;
using Xunit;

namespace Kagi.Tests.Domain.Scim;

public sealed class ScimTokenRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);

    private static ScimTokenInfo Info(string id, string name) => new(id, name, Now, "alice");

    [Fact]
    public void A_token_is_found_by_its_secret_hash_until_it_is_revoked()
    {
        var state = ScimTokenRules.Add(new ScimTokenState(), Info("t1", "entra"), "hash1");

        Assert.Equal("entra", ScimTokenRules.Find(state, "hash1")?.Name);
        Assert.Null(ScimTokenRules.Find(state, "hash2"));
        var (revoked, info) = ScimTokenRules.Revoke(state, "t1");
        Assert.Equal("t1", info.Id);
        Assert.Null(ScimTokenRules.Find(revoked, "hash1"));
    }

    [Fact]
    public void Two_live_tokens_never_share_a_name_since_the_name_is_the_audit_actor()
    {
        var state = ScimTokenRules.Add(new ScimTokenState(), Info("t1", "entra"), "hash1");

        Assert.Equal(ProblemCode.AlreadyExists, Assert.Throws<KagiException>(() => ScimTokenRules.Add(state, Info("t2", "entra"), "hash2")).Code);
        Assert.Equal("scim:entra", ScimTokenRules.Find(state, "hash1")?.Actor);
    }

    [Fact]
    public void A_tenant_holds_a_bounded_number_of_tokens()
    {
        var state = new ScimTokenState();
        for (var i = 0; i < ScimTokenRules.MaximumTokens; i++)
        {
            state = ScimTokenRules.Add(state, Info($"t{i}", $"client{i}"), $"hash{i}");
        }

        Assert.Equal(ProblemCode.InvalidState, Assert.Throws<KagiException>(() => ScimTokenRules.Add(state, Info("tx", "one-more"), "hashx")).Code);
    }

    [Fact]
    public void Revoking_an_unknown_token_is_not_found()
    {
        Assert.Equal(ProblemCode.NotFound, Assert.Throws<KagiException>(() => ScimTokenRules.Revoke(new ScimTokenState(), "nope")).Code);
    }
}
