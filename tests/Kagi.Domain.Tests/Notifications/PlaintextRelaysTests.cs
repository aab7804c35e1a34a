using Kagi.Domain.Notifications;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

public sealed class PlaintextRelaysTests
{
    private static readonly PlaintextRelays Allowed = new(["127.0.0.1", "localhost", "::1"]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("LOCALHOST")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public void A_loopback_relay_the_operator_listed_may_be_used_without_tls(string host) => Assert.True(Allowed.Allows(host));

    [Theory]
    [InlineData("127.0.0.2")]          // loopback, but not listed
    [InlineData("smtp.acme.test")]     // not loopback
    [InlineData("10.0.0.25")]
    public void Any_other_relay_may_not(string host) => Assert.False(Allowed.Allows(host));

    [Fact]
    public void A_listed_host_that_is_not_loopback_is_still_refused() =>
        Assert.False(new PlaintextRelays(["smtp.acme.test"]).Allows("smtp.acme.test"));

    [Fact]
    public void By_default_no_relay_may_be_used_without_tls() => Assert.False(PlaintextRelays.None.Allows("127.0.0.1"));

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("127.10.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("localhost.acme.test", false)]
    [InlineData("0.0.0.0", false)]
    public void Loopback_is_localhost_or_a_loopback_literal(string host, bool loopback) => Assert.Equal(loopback, PlaintextRelays.IsLoopback(host));
}
