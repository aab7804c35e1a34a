using Kagi.Audit;
using Kagi.Domain.Audit;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class AuditFilterRulesTests
{
    private static readonly DateTimeOffset Noon = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly AuditEvent Checkout = new(Noon, "bob", "account.checkout", "db", AuditResults.Success, "10.0.0.2", "request r1")
    {
        AccountId = "db",
        RequestId = "r1",
    };

    [Fact]
    public void The_empty_filter_matches_everything()
    {
        Assert.True(AuditFilterRules.Matches(AuditFilter.All, Checkout));
    }

    [Fact]
    public void The_time_range_includes_from_and_excludes_to()
    {
        Assert.True(AuditFilterRules.Matches(new AuditFilter(From: Noon, To: Noon.AddSeconds(1)), Checkout));
        Assert.False(AuditFilterRules.Matches(new AuditFilter(From: Noon.AddTicks(1)), Checkout));
        Assert.False(AuditFilterRules.Matches(new AuditFilter(To: Noon), Checkout));
    }

    [Theory]
    [InlineData("operation", true)]
    [InlineData("authentication", false)]
    [InlineData("account.", true)]
    [InlineData("request.", false)]
    public void Kind_is_the_log_or_an_action_prefix(string kind, bool matches)
    {
        Assert.Equal(matches, AuditFilterRules.Matches(new AuditFilter(Kind: kind), Checkout));
    }

    [Fact]
    public void Sign_ins_are_the_authentication_log()
    {
        var login = Checkout with { Action = "auth.login" };

        Assert.True(AuditFilterRules.Matches(new AuditFilter(Kind: AuditKinds.Authentication), login));
        Assert.False(AuditFilterRules.Matches(new AuditFilter(Kind: AuditKinds.Operation), login));
    }

    [Fact]
    public void Actor_account_request_and_result_must_equal_exactly()
    {
        Assert.True(AuditFilterRules.Matches(new AuditFilter(Actor: "bob", AccountId: "db", RequestId: "r1", Result: "success"), Checkout));
        Assert.False(AuditFilterRules.Matches(new AuditFilter(Actor: "Bob"), Checkout));
        Assert.False(AuditFilterRules.Matches(new AuditFilter(AccountId: "db2"), Checkout));
        Assert.False(AuditFilterRules.Matches(new AuditFilter(RequestId: "r2"), Checkout));
        Assert.False(AuditFilterRules.Matches(new AuditFilter(Result: "failure"), Checkout));
        Assert.False(AuditFilterRules.Matches(new AuditFilter(AccountId: "db"), Checkout with { AccountId = null }));
    }

    [Fact]
    public void Account_and_request_ids_are_part_of_the_hash_only_when_present()
    {
        var plain = new AuditEvent(Noon, "bob", "x", null, "success", null, null);

        Assert.NotEqual(AuditChain.ComputeHash(1, plain, AuditChain.GenesisHash), AuditChain.ComputeHash(1, plain with { AccountId = "db" }, AuditChain.GenesisHash));
        Assert.NotEqual(AuditChain.ComputeHash(1, plain with { AccountId = "db" }, AuditChain.GenesisHash), AuditChain.ComputeHash(1, plain with { RequestId = "db" }, AuditChain.GenesisHash));
        // Absent fields add nothing to the canonical text, so records stored before they existed keep their hashes.
        Assert.Equal(AuditChain.ComputeHash(1, plain, AuditChain.GenesisHash), AuditChain.ComputeHash(1, plain with { AccountId = null, RequestId = null }, AuditChain.GenesisHash));
    }
}
