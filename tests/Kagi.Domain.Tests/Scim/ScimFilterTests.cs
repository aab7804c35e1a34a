using Kagi.Scim;
using Xunit;

namespace Kagi.Tests.Domain.Scim;

public sealed class ScimFilterTests
{
    [Theory]
    [InlineData("userName eq \"alice@example.com\"", "alice@example.com")]
    [InlineData("USERNAME EQ \"Alice\"", "Alice")]
    [InlineData("  userName   eq \"a \\\"quoted\\\" name\"  ", "a \"quoted\" name")]
    public void An_equality_on_the_attribute_gives_its_value(string filter, string value)
    {
        Assert.Equal(value, ScimFilter.Equality(filter, "userName"));
    }

    [Theory]
    [InlineData("userName ne \"alice\"")]
    [InlineData("userName eq alice")]
    [InlineData("userName eq \"alice\" or userName eq \"bob\"")]
    [InlineData("emails.value eq \"alice@example.com\"")]
    [InlineData("userName sw \"a\"")]
    [InlineData("")]
    public void Anything_but_one_equality_on_the_attribute_is_an_invalid_filter(string filter)
    {
        Assert.Equal(ScimException.InvalidFilter, Assert.Throws<ScimException>(() => ScimFilter.Equality(filter, "userName")).ScimType);
    }

    [Fact]
    public void A_huge_filter_is_refused_before_it_is_matched()
    {
        var filter = "userName eq \"" + new string('a', ScimFilter.MaximumLength) + "\"";

        Assert.Equal(ScimException.InvalidFilter, Assert.Throws<ScimException>(() => ScimFilter.Equality(filter, "userName")).ScimType);
    }
}
