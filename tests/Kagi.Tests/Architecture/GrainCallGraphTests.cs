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
}
