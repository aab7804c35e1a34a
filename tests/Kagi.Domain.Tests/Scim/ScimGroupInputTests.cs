using System.Text.Json;
using Kagi.Scim;
using Xunit;

namespace Kagi.Tests.Domain.Scim;

public sealed class ScimGroupInputTests
{
    private static ScimGroupInput Parse(string json) => ScimGroupInput.Parse(JsonDocument.Parse(json).RootElement);

    private static string Members(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => "{\"value\":\"user" + i + "\"}"));

    [Fact]
    public void Entra_creates_a_group_with_its_name_external_id_and_members()
    {
        var input = Parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"DBA Team","externalId":"0f1e2d","members":[{"value":"gina"},{"value":"hal"}]}
            """);

        Assert.Equal("DBA Team", input.DisplayName);
        Assert.Equal("0f1e2d", input.ExternalId);
        Assert.Equal(["gina", "hal"], input.Members.ToArray());
    }

    [Fact]
    public void A_group_without_members_or_external_id_has_none()
    {
        var input = Parse("""{"displayName":"Contractors","externalId":""}""");

        Assert.Empty(input.Members);
        Assert.Null(input.ExternalId);
    }

    [Theory]
    [InlineData("""{"members":[]}""")]
    [InlineData("""{"displayName":"  "}""")]
    [InlineData("""{"displayName":42}""")]
    public void A_group_needs_a_name_as_a_string(string json)
    {
        Assert.Equal(ScimException.InvalidValue, Assert.Throws<ScimException>(() => Parse(json)).ScimType);
    }

    [Fact]
    public void Names_and_external_ids_are_bounded()
    {
        Assert.Equal(ScimException.InvalidValue, Assert.Throws<ScimException>(() => Parse($$"""{"displayName":"{{new string('g', ScimGroupLimits.MaximumNameLength + 1)}}"}""")).ScimType);
        Assert.Equal(ScimGroupLimits.MaximumNameLength, Parse($$"""{"displayName":"{{new string('g', ScimGroupLimits.MaximumNameLength)}}"}""").DisplayName.Length);
        Assert.Equal(ScimException.InvalidValue,
            Assert.Throws<ScimException>(() => Parse($$"""{"displayName":"g","externalId":"{{new string('x', ScimGroupLimits.MaximumExternalIdLength + 1)}}"}""")).ScimType);
    }

    [Fact]
    public void One_request_names_a_bounded_number_of_members()
    {
        Assert.Equal(ScimGroupLimits.MaximumMembersPerRequest, Parse($$"""{"displayName":"g","members":[{{Members(ScimGroupLimits.MaximumMembersPerRequest)}}]}""").Members.Length);
        Assert.Equal(ScimException.InvalidValue,
            Assert.Throws<ScimException>(() => Parse($$"""{"displayName":"g","members":[{{Members(ScimGroupLimits.MaximumMembersPerRequest + 1)}}]}""")).ScimType);
    }

    [Fact]
    public void A_group_is_an_object()
    {
        Assert.Equal(ScimException.InvalidSyntax, Assert.Throws<ScimException>(() => Parse("""["DBA Team"]""")).ScimType);
    }
}
