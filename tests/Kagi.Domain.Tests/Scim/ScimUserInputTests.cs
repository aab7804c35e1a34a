using System.Text.Json;
using Kagi.Scim;
using Xunit;

namespace Kagi.Tests.Domain.Scim;

public sealed class ScimUserInputTests
{
    private static ScimUserInput Parse(string json) => ScimUserInput.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void The_user_name_is_canonicalised_by_the_identifier_rule()
    {
        var input = Parse("""{"userName":" Alice@Example.COM ","emails":[{"value":"alice@example.com","primary":true}],"displayName":"Alice"}""");

        Assert.Equal("alice@example.com", input.UserName);
        Assert.True(input.Active);
        Assert.Equal("alice@example.com", input.Email);
        Assert.Equal("Alice", input.DisplayName);
    }

    [Theory]
    [InlineData("""{"userName":"alice smith"}""")]
    [InlineData("""{"userName":"-alice"}""")]
    [InlineData("""{"userName":"al/ice"}""")]
    [InlineData("""{"displayName":"no name"}""")]
    public void A_user_name_that_is_no_kagi_username_is_an_invalid_value(string json)
    {
        var refused = Assert.Throws<ScimException>(() => Parse(json));

        Assert.Equal(ScimException.InvalidValue, refused.ScimType);
        Assert.Contains("userName", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Active_false_and_a_password_are_read_and_the_password_never_printed()
    {
        var input = Parse("""{"userName":"bob","active":false,"password":"correct horse battery"}""");

        Assert.False(input.Active);
        Assert.Equal("correct horse battery", input.Password);
        Assert.DoesNotContain("horse", input.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrongly_typed_attribute_is_an_invalid_value()
    {
        Assert.Equal(ScimException.InvalidValue, Assert.Throws<ScimException>(() => Parse("""{"userName":"bob","active":"perhaps"}""")).ScimType);
        Assert.Equal(ScimException.InvalidValue, Assert.Throws<ScimException>(() => Parse("""{"userName":7}""")).ScimType);
    }
}
