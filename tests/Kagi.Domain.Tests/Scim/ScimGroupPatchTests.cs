using System.Text.Json;
using Kagi.Scim;
using Xunit;

namespace Kagi.Tests.Domain.Scim;

public sealed class ScimGroupPatchTests
{
    private static ScimMembershipChange Parse(string operations) =>
        ScimGroupPatch.Parse(JsonDocument.Parse($$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{{operations}}}""").RootElement);

    [Fact]
    public void Entra_adds_and_removes_members_with_value_lists()
    {
        var change = Parse("""
            [{"op":"Add","path":"members","value":[{"value":"carol"},{"value":"dave"}]},
             {"op":"Remove","path":"members","value":[{"value":"alice"}]}]
            """);

        Assert.Equal(["bob", "carol", "dave"], change.ApplyTo(["alice", "bob"]).ToArray());
    }

    [Fact]
    public void Okta_removes_a_member_by_filtered_path()
    {
        Assert.Equal(["bob"], Parse("""[{"op":"remove","path":"members[value eq \"alice\"]"}]""").ApplyTo(["alice", "bob"]).ToArray());
    }

    [Fact]
    public void Replace_sets_the_members_and_remove_without_value_empties_them()
    {
        Assert.Equal(["erin"], Parse("""[{"op":"replace","path":"members","value":[{"value":"erin"}]}]""").ApplyTo(["alice"]).ToArray());
        Assert.Empty(Parse("""[{"op":"remove","path":"members"}]""").ApplyTo(["alice"]));
    }

    [Fact]
    public void Members_inside_a_pathless_value_are_read()
    {
        var change = Parse("""[{"op":"add","value":{"members":[{"value":"carol"}]}}]""");

        Assert.Equal([new ScimMembershipStep(ScimMembershipStepKind.Add, ["carol"])], change.Steps.ToArray(), new StepComparer());
    }

    [Fact]
    public void Renaming_a_group_is_refused_since_it_is_the_sso_mapping_that_names_it()
    {
        var refused = Assert.Throws<ScimException>(() => Parse("""[{"op":"replace","path":"displayName","value":"x"}]"""));

        Assert.Equal(ScimException.Mutability, refused.ScimType);
    }

    [Fact]
    public void A_member_without_a_value_or_an_unknown_path_is_refused()
    {
        Assert.Equal(ScimException.InvalidValue, Assert.Throws<ScimException>(() => Parse("""[{"op":"add","path":"members","value":[{"display":"x"}]}]""")).ScimType);
        Assert.Equal(ScimException.InvalidPath, Assert.Throws<ScimException>(() => Parse("""[{"op":"add","path":"owners","value":[]}]""")).ScimType);
        Assert.Equal(ScimException.InvalidPath, Assert.Throws<ScimException>(() => Parse("""[{"op":"add","path":"members[value eq \"x\"]","value":[]}]""")).ScimType);
    }

    [Fact]
    public void All_operations_together_name_a_bounded_number_of_members()
    {
        var half = ScimGroupLimits.MaximumMembersPerRequest / 2;
        static string Add(int from, int count) =>
            "{\"op\":\"add\",\"path\":\"members\",\"value\":[" + string.Join(",", Enumerable.Range(from, count).Select(i => "{\"value\":\"user" + i + "\"}")) + "]}";

        Assert.Equal(ScimGroupLimits.MaximumMembersPerRequest, Parse($"[{Add(0, half)},{Add(half, half)}]").ApplyTo([]).Length);
        var refused = Assert.Throws<ScimException>(() => Parse($"[{Add(0, half)},{Add(half, half + 1)}]"));
        Assert.Equal(ScimException.InvalidValue, refused.ScimType);
        // The same name twice counts once.
        Assert.Equal(ScimGroupLimits.MaximumMembersPerRequest, Parse($"[{Add(0, half)},{Add(half, half)},{Add(0, half)}]").ApplyTo([]).Length);
    }

    [Fact]
    public void A_group_holds_a_bounded_number_of_members()
    {
        ScimGroupLimits.CheckMembers(ScimGroupLimits.MaximumMembers);

        Assert.Equal(ScimException.InvalidValue, Assert.Throws<ScimException>(() => ScimGroupLimits.CheckMembers(ScimGroupLimits.MaximumMembers + 1)).ScimType);
    }

    private sealed class StepComparer : IEqualityComparer<ScimMembershipStep>
    {
        public bool Equals(ScimMembershipStep? x, ScimMembershipStep? y) => x?.Kind == y?.Kind && x!.Names.SequenceEqual(y!.Names);

        public int GetHashCode(ScimMembershipStep obj) => obj.Kind.GetHashCode();
    }
}
