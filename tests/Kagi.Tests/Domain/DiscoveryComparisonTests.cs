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
}
