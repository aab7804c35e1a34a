using Xunit;

namespace Kagi.Tests.Domain.Identity;

/// <summary>The one rule every identifier passes at the edge (<see cref="Identifiers"/>).</summary>
public sealed class IdentifierRuleTests
{
    [Theory]
    [InlineData("eve_x", "eve_x")]
    [InlineData("Eve_X", "eve_x")]
    [InlineData("EVE.X@CORP", "eve.x@corp")]
    [InlineData("a", "a")]
    [InlineData("0-db.prod", "0-db.prod")]
    public void Capital_letters_fold_to_the_one_canonical_name(string raw, string canonical) =>
        Assert.Equal(canonical, Identifiers.Canonicalize(raw));

    [Theory]
    [InlineData("eve#x")]
    [InlineData("eve/x")]
    [InlineData("eve?x")]
    [InlineData("eve\\x")]
    [InlineData("eve_x\n")]
    [InlineData("eve_x\r\n")]
    [InlineData(" eve_x")]
    [InlineData("eve_x ")]
    [InlineData("eve\tx")]
    [InlineData("eve\0x")]
    [InlineData("\u0435ve_x")] // Cyrillic 'е'
    [InlineData("\uFF45ve_x")] // full-width 'ｅ'
    [InlineData("eve_\u212A")] // the Kelvin sign, which Unicode case folding would turn into 'k'
    [InlineData("_eve")]
    [InlineData(".eve")]
    [InlineData("")]
    public void Anything_storage_would_rewrite_or_a_reader_could_mistake_is_not_an_identifier(string raw)
    {
        Assert.Null(Identifiers.Canonicalize(raw));
        Assert.False(Identifiers.IsValid(raw));
    }

    [Fact]
    public void An_identifier_has_at_most_64_characters()
    {
        Assert.NotNull(Identifiers.Canonicalize(new string('a', 64)));
        Assert.Null(Identifiers.Canonicalize(new string('a', 65)));
    }

    [Fact]
    public void Only_the_canonical_form_is_valid_inside_kagi()
    {
        Assert.True(Identifiers.IsValid("eve_x"));
        Assert.False(Identifiers.IsValid("Eve_X"));
    }

    [Theory]
    [InlineData("ACME", "acme")]
    [InlineData("acme-jp", "acme-jp")]
    [InlineData("a", "a")]
    public void Tenants_fold_the_same_way(string raw, string canonical) =>
        Assert.Equal(canonical, Identifiers.CanonicalizeTenant(raw));

    [Theory]
    [InlineData("acme_x")]
    [InlineData("acme.x")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("acme\n")]
    [InlineData("acme/x")]
    public void Tenant_ids_hold_no_underscore_dot_or_outer_hyphen(string raw) =>
        Assert.Null(Identifiers.CanonicalizeTenant(raw));

    [Fact]
    public void Tenant_ids_have_at_most_63_characters()
    {
        Assert.NotNull(Identifiers.CanonicalizeTenant(new string('a', 63)));
        Assert.Null(Identifiers.CanonicalizeTenant(new string('a', 64)));
    }

    [Theory]
    [InlineData("acme", "eve#x")]
    [InlineData("acme", "eve/x")]
    [InlineData("Acme", "eve_x")]
    [InlineData("acme", "")]
    [InlineData("acme", "eve\nx")]
    public void A_grain_key_is_never_built_from_a_tenant_that_is_not_canonical_or_a_part_storage_rewrites(string tenant, string local) =>
        Assert.Throws<ArgumentException>(() => GrainKeys.For(tenant, local));

    [Fact]
    public void Non_identifier_local_ids_such_as_an_ip_address_or_a_token_hash_still_make_keys() =>
        Assert.Equal(["acme/2001:db8::1", "acme/10.0.0.1", "acme/" + new string('f', 64)],
            new[] { GrainKeys.For("acme", "2001:db8::1"), GrainKeys.For("acme", "10.0.0.1"), GrainKeys.For("acme", new string('f', 64)) });
}
