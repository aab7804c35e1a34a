using System.Collections.Immutable;
using Kagi.Domain.Discovery;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class DiscoveryComparisonTests
{
    [Fact]
    public void Accounts_are_classed_managed_unmanaged_or_missing()
    {
        var onTarget = new[] { new TargetAccount("app_owner", true, null), new TargetAccount("intruder", true, "uid 1002"), new TargetAccount("nologin", false, null) };
        var managed = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string> { ["owner"] = "app_owner", ["gone"] = "dropped_role" });

        var report = DiscoveryComparison.Compare(onTarget, managed);

        Assert.Equal(
        [
            ("app_owner", "owner", DiscoveryComparison.Managed),
            ("dropped_role", "gone", DiscoveryComparison.Missing),
            ("intruder", null, DiscoveryComparison.Unmanaged),
            ("nologin", null, DiscoveryComparison.Unmanaged),
        ], report.Select(e => (e.Username, e.AccountId, e.Status)));
        Assert.False(report.Single(e => e.Username == "nologin").CanLogIn);
        Assert.Equal("uid 1002", report.Single(e => e.Username == "intruder").Detail);
    }

    [Fact]
    public void Accounts_a_one_time_template_made_are_its_own_and_the_template_is_never_missing()
    {
        var onTarget = new[] { new TargetAccount("jit_a1b2c3d4", true, null), new TargetAccount("jitter", true, null), new TargetAccount("app_owner", true, null) };
        var managed = new Dictionary<string, string>
        {
            ["owner"] = "app_owner",
            ["jit-db"] = DiscoveryComparison.OneTimePattern("jit"),
        };

        var entries = DiscoveryComparison.Compare(onTarget, managed).ToDictionary(e => e.Username);

        Assert.Equal((DiscoveryComparison.Managed, "jit-db"), (entries["jit_a1b2c3d4"].Status, entries["jit_a1b2c3d4"].AccountId));
        Assert.Equal(DiscoveryComparison.Unmanaged, entries["jitter"].Status);
        Assert.Equal(DiscoveryComparison.Managed, entries["app_owner"].Status);
        Assert.DoesNotContain(entries.Values, e => e.Status == DiscoveryComparison.Missing);
    }
}
