using System.Security.Cryptography;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class AuditPseudonymTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly AuditEvent FailedLogin = new(DateTimeOffset.UnixEpoch, "Correct-Horse-42!", "auth.login", "Correct-Horse-42!", AuditResults.Failure, "10.0.0.9", "invalid-credentials");

    [Fact]
    public void An_unknown_claimed_name_is_replaced_by_a_stable_keyed_pseudonym()
    {
        var hidden = AuditPseudonym.HideClaimedName(FailedLogin, Key);

        Assert.StartsWith(AuditPseudonym.Prefix, hidden.Actor, StringComparison.Ordinal);
        Assert.DoesNotContain("Correct-Horse", hidden.Actor + hidden.Subject, StringComparison.Ordinal);
        Assert.Equal(hidden.Actor, hidden.Subject);
        Assert.Equal(hidden.Actor, AuditPseudonym.HideClaimedName(FailedLogin, Key).Actor);
        Assert.NotEqual(hidden.Actor, AuditPseudonym.HideClaimedName(FailedLogin, RandomNumberGenerator.GetBytes(32)).Actor);
    }

    [Fact]
    public void Only_failed_sign_ins_may_name_an_unknown_user()
    {
        Assert.True(AuditPseudonym.MayNameAnUnknownUser(FailedLogin));
        Assert.False(AuditPseudonym.MayNameAnUnknownUser(FailedLogin with { Result = AuditResults.Success }));
        Assert.False(AuditPseudonym.MayNameAnUnknownUser(FailedLogin with { Action = "account.checkout" }));
        Assert.True(AuditPseudonym.CouldBeUsername("alice"));
        Assert.False(AuditPseudonym.CouldBeUsername("my password"));
        Assert.False(AuditPseudonym.CouldBeUsername(""));
    }
}
