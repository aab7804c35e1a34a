using Kagi.Tests.Infrastructure;
using Kagi.Tests.EndToEnd;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>
/// The role journeys' browser tests (admin, approver, requester, auditor): a deployment and a browser of their own, so
/// they run beside the other console collections instead of after them; starting both costs far less than the journeys wait.
/// </summary>
[CollectionDefinition(Name)]
[CollectionCost(300)]
public sealed class ConsoleJourneysGroup : ICollectionFixture<KagiDeployment>, ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "Console journeys in a browser";
}
