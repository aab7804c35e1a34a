using Kagi.Tests.Infrastructure;
using Kagi.Tests.EndToEnd;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>The browser tests' own deployment, so they run beside the other end-to-end collections.</summary>
[CollectionDefinition(Name)]
[CollectionCost(373)]
public sealed class ConsoleGroup : ICollectionFixture<KagiDeployment>, ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "Console in a browser";
}
