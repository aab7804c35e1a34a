using System.Text.Json;
using Kagi.Scim;
using Xunit;

namespace Kagi.Tests.Domain.Scim;

public sealed class ScimUserPatchTests
{
    private static ScimUserChange Parse(string operations) =>
        ScimUserPatch.Parse(JsonDocument.Parse($$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{{operations}}}""").RootElement);

    private static ScimException Refused(string operations) => Assert.Throws<ScimException>(() => Parse(operations));

    [Fact]
    public void Okta_replace_of_active_with_a_path_disables()
    {
        Assert.False(Parse("""[{"op":"replace","path":"active","value":false}]""").Active);
    }

    [Fact]
    public void Entra_capitalised_op_and_string_boolean_are_read()
    {
        Assert.False(Parse("""[{"op":"Replace","path":"active","value":"False"}]""").Active);
        Assert.True(Parse("""[{"op":"Add","path":"active","value":"True"}]""").Active);
    }

    [Fact]
    public void Replace_without_a_path_takes_each_attribute_of_the_value()
    {
        var change = Parse("""[{"op":"replace","value":{"active":false,"displayName":"Alice A","emails":[{"value":"a@example.com","primary":true}]}}]""");

        Assert.False(change.Active);
        Assert.Equal("Alice A", change.DisplayName);
        Assert.Equal("a@example.com", change.Email);
    }

    [Fact]
    public void The_work_email_path_and_removing_emails_set_and_clear_the_address()
    {
        Assert.Equal("w@example.com", Parse("""[{"op":"replace","path":"emails[type eq \"work\"].value","value":"w@example.com"}]""").Email);
        Assert.Equal("", Parse("""[{"op":"remove","path":"emails"}]""").Email);
    }

    [Fact]
    public void The_primary_email_wins_over_the_first()
    {
        Assert.Equal("p@example.com", Parse("""[{"op":"replace","path":"emails","value":[{"value":"x@example.com"},{"value":"p@example.com","primary":true}]}]""").Email);
    }

    [Fact]
    public void Group_operations_apply_in_their_order()
    {
        var change = Parse("""
            [{"op":"replace","path":"groups","value":[{"value":"a"},{"value":"b"}]},
             {"op":"add","path":"groups","value":[{"value":"c"}]},
             {"op":"remove","path":"groups[value eq \"a\"]"}]
            """);

        Assert.Equal(["b", "c"], change.Groups.ApplyTo(["z"]).ToArray());
    }

    [Fact]
    public void Attributes_kagi_keeps_nowhere_are_ignored_and_change_nothing()
    {
        var change = Parse("""
            [{"op":"replace","path":"name.givenName","value":"Alice"},
             {"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Ops"},
             {"op":"replace","path":"title","value":"SRE"}]
            """);

        Assert.Equal(new ScimUserChange(), change);
    }

    [Fact]
    public void An_unknown_path_is_refused_as_invalid_path()
    {
        Assert.Equal(ScimException.InvalidPath, Refused("""[{"op":"replace","path":"password","value":"x"}]""").ScimType);
        Assert.Equal(ScimException.InvalidPath, Refused("""[{"op":"replace","path":"emails[type eq \"home\"].value","value":"x"}]""").ScimType);
    }

    [Fact]
    public void Bad_operations_are_refused_with_their_scim_type()
    {
        Assert.Equal(ScimException.InvalidSyntax, Refused("""[{"op":"move","path":"active","value":true}]""").ScimType);
        Assert.Equal(ScimException.NoTarget, Refused("""[{"op":"remove"}]""").ScimType);
        Assert.Equal(ScimException.InvalidSyntax, Refused("""[{"op":"replace","path":"active"}]""").ScimType);
        Assert.Equal(ScimException.InvalidValue, Refused("""[{"op":"replace","path":"active","value":"maybe"}]""").ScimType);
        Assert.Equal(ScimException.Mutability, Refused("""[{"op":"remove","path":"active"}]""").ScimType);
        Assert.Equal(ScimException.InvalidSyntax, Refused("[]").ScimType);
    }

    [Fact]
    public void A_body_that_names_no_patch_schema_is_refused()
    {
        var body = JsonDocument.Parse("""{"Operations":[{"op":"replace","path":"active","value":false}]}""").RootElement;

        Assert.Equal(ScimException.InvalidSyntax, Assert.Throws<ScimException>(() => ScimUserPatch.Parse(body)).ScimType);
    }
}
