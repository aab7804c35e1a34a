using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A third of the HTTP tests against a deployment (see <see cref="SecondKagiDeploymentGroup"/>): the long sign-in,
/// passkey, import and silo-kill tests, so that no deployment's collection is the run's longest path.
/// </summary>
[CollectionDefinition(Name)]
[CollectionCost(411)]
public sealed class ThirdKagiDeploymentGroup : ICollectionFixture<KagiDeployment>
{
    public const string Name = "Kagi deployment, third";
}
