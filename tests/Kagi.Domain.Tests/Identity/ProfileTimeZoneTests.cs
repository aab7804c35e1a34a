using Kagi.Domain.Identity;
using Kagi.Identity;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

/// <summary>A profile's time zone is an IANA id; anything else is refused before it is stored.</summary>
public sealed class ProfileTimeZoneTests
{
    [Theory]
    [InlineData("Asia/Tokyo")]
    [InlineData("America/New_York")]
    [InlineData("UTC")]
    public void An_IANA_zone_is_accepted(string zone)
    {
        Assert.Null(ProfileRules.Problem(null, null, null, zone));
        Assert.True(UserTimeZones.IsValid(zone));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mars/Olympus")]
    [InlineData("Tokyo Standard Time")]
    [InlineData("asia/tokyo ")]
    public void Anything_else_is_refused_naming_the_rule(string zone)
    {
        Assert.Equal($"timeZone must be {UserTimeZones.Rule}.", ProfileRules.Problem(null, null, null, zone));
    }

    [Fact]
    public void No_zone_given_leaves_the_other_checks_as_they_were()
    {
        Assert.Null(ProfileRules.Problem("a@example.test", "ja", null));
        Assert.Equal(TimeZoneInfo.Utc.BaseUtcOffset, UserTimeZones.Find(null).BaseUtcOffset);
        Assert.Equal("Asia/Tokyo", UserTimeZones.Find("Asia/Tokyo").Id);
    }
}
