using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Half of the HTTP tests against a deployment, on a deployment of their own: one collection runs its tests one after
/// another, and the two halves together waited longer than any other collection; a second Silo and Frontend cost far less.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SecondKagiDeploymentGroup : ICollectionFixture<KagiDeployment>
{
    public const string Name = "Kagi deployment, second";
}
