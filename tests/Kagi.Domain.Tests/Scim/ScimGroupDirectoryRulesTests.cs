using Kagi.Domain.Scim;
using Kagi.Errors;
using Kagi.Scim;
using Xunit;

namespace Kagi.Tests.Domain.Scim;

public sealed class ScimGroupDirectoryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static ScimGroupEntry Entry(string name) => new(ScimGroupIds.Of(name), name, null, Now);

    [Fact]
    public void A_created_group_is_kept_under_its_name_until_it_is_removed()
    {
        var state = ScimGroupDirectoryRules.Add(new ScimGroupDirectoryState(), Entry("Contractors"));

        Assert.Equal(["Contractors"], state.Groups.Select(group => group.DisplayName));
        var (removed, wasThere) = ScimGroupDirectoryRules.Remove(state, ScimGroupIds.Of("Contractors"));
        Assert.True(wasThere);
        Assert.Empty(removed.Groups);
        var (unchanged, none) = ScimGroupDirectoryRules.Remove(removed, ScimGroupIds.Of("Contractors"));
        Assert.False(none);
        Assert.Same(removed, unchanged);
    }

    [Fact]
    public void Two_created_groups_never_share_a_name_since_the_name_makes_the_id()
    {
        var state = ScimGroupDirectoryRules.Add(new ScimGroupDirectoryState(), Entry("Contractors"));

        Assert.Equal(ProblemCode.AlreadyExists, Assert.Throws<KagiException>(() => ScimGroupDirectoryRules.Add(state, Entry("Contractors"))).Code);
        Assert.Single(ScimGroupDirectoryRules.Add(state, Entry("contractors")).Groups.Where(group => group.DisplayName == "contractors"));
    }

    [Fact]
    public void A_tenant_holds_a_bounded_number_of_created_groups()
    {
        var state = new ScimGroupDirectoryState();
        for (var i = 0; i < ScimGroupLimits.MaximumCreatedGroups; i++)
        {
            state = ScimGroupDirectoryRules.Add(state, Entry("group " + i));
        }

        var refused = Assert.Throws<KagiException>(() => ScimGroupDirectoryRules.Add(state, Entry("one more")));
        Assert.Equal(ProblemCode.Invalid, refused.Code);
        Assert.Contains(ScimGroupLimits.MaximumCreatedGroups.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
    }
}
