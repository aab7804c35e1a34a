using Kagi.Domain.Vault;
using Kagi.Errors;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class TargetRetirementTests
{
    [Fact]
    public void A_target_without_managed_accounts_may_go() => TargetRetirement.EnsureNoAccounts("pg", []);

    [Fact]
    public void A_target_with_managed_accounts_stays_and_the_refusal_names_them()
    {
        var refused = Assert.Throws<KagiException>(() => TargetRetirement.EnsureNoAccounts("pg", ["owner", "app"]));

        Assert.Equal(ProblemCode.InvalidState, refused.Code);
        Assert.Contains("2 managed account(s) (app, owner)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_list_is_cut_after_ten_names()
    {
        var refused = Assert.Throws<KagiException>(() => TargetRetirement.EnsureNoAccounts("pg", [.. Enumerable.Range(10, 15).Select(i => $"a{i}")]));

        Assert.Contains("15 managed account(s)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("a19, …", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a20", refused.Message, StringComparison.Ordinal);
    }
}
