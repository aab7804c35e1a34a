using Xunit;

namespace Kagi.Tests.Architecture;

/// <summary>
/// Grains call each other one way only. None is reentrant, so a call that can come back to a grain
/// that is waiting (A → B → A, or one user grain → another while that one calls the first) can block
/// both until the call timeout; a graph without cycles makes that impossible rather than unlikely.
/// </summary>
public sealed class GrainCallGraphTests
{
    [Fact]
    public void The_grain_call_graph_has_no_cycle()
    {
        var edges = GrainCallGraph.Read();
        Assert.NotEmpty(edges);
        var cycles = GrainCallGraph.Cycles(edges);
        Assert.True(cycles.Count == 0, "Cycles: " + string.Join("; ", cycles.Select(c => string.Join(" <-> ", c)))
            + "\nEdges:\n" + string.Join("\n", edges.Order().Select(e => $"{e.From} -> {e.To}")));
    }

    [Fact]
    public void The_reader_sees_direct_calls_and_calls_made_through_a_helper_it_is_handed()
    {
        var edges = GrainCallGraph.Read();
        Assert.Contains(("IAccessRequestGrain", "IPrivilegedAccountGrain"), edges);
        Assert.Contains(("IPrivilegedAccountGrain", "ITenantKeyGrain"), edges); // through TenantVault
        Assert.DoesNotContain(("IPrivilegedAccountGrain", "IAccessRequestGrain"), edges);
    }

    [Fact]
    public void Cycles_are_found_between_two_kinds_and_within_one()
    {
        var cycles = GrainCallGraph.Cycles(new HashSet<(string, string)> { ("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("E", "E") });
        Assert.Equal(["A,B,C", "E"], cycles.Select(c => string.Join(",", c)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Architecture_md_draws_exactly_the_calls_the_code_makes()
    {
        var document = File.ReadAllText(Path.Combine(Kagi.Tests.EndToEnd.RepositoryLayout.Root, "docs", "ARCHITECTURE.md"));
        var drawn = GrainCallGraph.Drawn(document);
        var actual = GrainCallGraph.Read();
        Assert.True(drawn.SetEquals(actual),
            "docs/ARCHITECTURE.md (between the grain-calls markers) must list exactly these calls:\n"
            + string.Join("\n", actual.Order().Select(e => $"- `{e.From}` → `{e.To}`")));
    }
}
