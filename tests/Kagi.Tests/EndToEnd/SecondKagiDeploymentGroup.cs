using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A third of the HTTP tests against a deployment, on a deployment of their own: one collection runs its tests one after
/// another, and all of them in one collection waited longer than any other collection; a Silo and Frontend more cost far less.
/// </summary>
[CollectionDefinition(Name)]
[CollectionCost(494)]
public sealed class SecondKagiDeploymentGroup : ICollectionFixture<KagiDeployment>
{
    public const string Name = "Kagi deployment, second";
}
