namespace Kagi.Tests.Infrastructure;

/// <summary>
/// About how long a collection's tests take one after another, in seconds, as measured in CI on the 2-core machine.
/// Only the order in which collections start uses it (<see cref="LongestFirstCollectionOrderer"/>): a long collection
/// that starts last is what makes the whole run long. Put it on a <c>[CollectionDefinition]</c> class, or on a test
/// class that is its own collection. Rough is enough; re-measure when a collection grows by minutes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CollectionCostAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}
