using Kagi.Domain.Sso.Saml;
using Kagi.Sso;
using Xunit;

namespace Kagi.Tests.Domain.Saml;

/// <summary>One-time use of assertion ids, and a memory that holds only live ones.</summary>
public sealed class SamlReplayCacheTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_assertion_id_is_used_once_while_it_could_still_be_accepted()
    {
        var (first, state) = SamlReplayCache.Use(new SamlReplayState(), "_a1", Now.AddMinutes(3), Now);
        var (again, _) = SamlReplayCache.Use(state, "_a1", Now.AddMinutes(3), Now.AddMinutes(7));
        var (other, _) = SamlReplayCache.Use(state, "_a2", Now.AddMinutes(3), Now);

        Assert.Equal(SamlReplayOutcome.FirstUse, first);
        // 10:07 is past the assertion's end but within the validator's largest skew: still remembered.
        Assert.Equal(SamlReplayOutcome.Replayed, again);
        Assert.Equal(SamlReplayOutcome.FirstUse, other);
    }

    [Fact]
    public void Ids_whose_assertions_can_no_longer_be_accepted_are_dropped()
    {
        var (_, state) = SamlReplayCache.Use(new SamlReplayState(), "_old", Now.AddMinutes(3), Now);
        var later = Now.AddMinutes(3) + SamlExpectations.MaximumSkew;

        var (outcome, next) = SamlReplayCache.Use(state, "_new", later.AddMinutes(5), later);

        Assert.Equal(SamlReplayOutcome.FirstUse, outcome);
        Assert.Equal(["_new"], next.UsedUntil.Keys);
    }

    [Fact]
    public void A_full_cache_refuses_a_new_id_rather_than_forget_a_live_one()
    {
        var state = new SamlReplayState();
        for (var i = 0; i < SamlReplayCache.Capacity; i++)
        {
            (_, state) = SamlReplayCache.Use(state, $"_a{i}", Now.AddMinutes(3), Now);
        }

        var (outcome, full) = SamlReplayCache.Use(state, "_one-more", Now.AddMinutes(3), Now);
        var (afterwards, _) = SamlReplayCache.Use(full, "_one-more", Now.AddMinutes(30), Now.AddMinutes(10));

        Assert.Equal(SamlReplayOutcome.CacheFull, outcome);
        Assert.Equal(SamlReplayCache.Capacity, full.UsedUntil.Count);
        Assert.Equal(SamlReplayOutcome.FirstUse, afterwards);
    }
}
