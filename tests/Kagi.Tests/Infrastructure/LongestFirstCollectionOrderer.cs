using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Kagi.Tests.Infrastructure.LongestFirstCollectionOrderer", "Kagi.Tests")]

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// Starts the collections with the largest <see cref="CollectionCostAttribute"/> first, then the rest in xunit's own
/// order (by unique id). xunit runs up to <c>maxParallelThreads</c> collections at once, each one test at a time, and
/// starts them in this order: in its default order the two longest collections happened to start six minutes in and
/// ran alone for the last four, so the run took 20 minutes for 16 minutes of work on four threads.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private const string PerClassPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderByDescending(Cost)
            .ThenBy(c => c.UniqueID)
            .ToList();

    private static int Cost(ITestCollection collection)
    {
        var type = collection.CollectionDefinition ?? PerClassType(collection);
        var cost = type?.GetCustomAttributes(typeof(CollectionCostAttribute).AssemblyQualifiedName).FirstOrDefault();
        return cost is null ? 0 : cost.GetConstructorArguments().OfType<int>().First();
    }

    // A test class without [Collection] is a collection of its own, named after the class.
    private static ITypeInfo? PerClassType(ITestCollection collection) =>
        collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal)
            ? collection.TestAssembly.Assembly.GetType(collection.DisplayName[PerClassPrefix.Length..])
            : null;
}
