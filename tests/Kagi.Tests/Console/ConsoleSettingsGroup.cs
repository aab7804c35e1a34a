using Kagi.Tests.Infrastructure;
using Kagi.Tests.EndToEnd;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>The settings pages' browser tests: their own deployment, so they run beside the other console collections.</summary>
[CollectionDefinition(Name)]
[CollectionCost(123)]
public sealed class ConsoleSettingsGroup : ICollectionFixture<KagiDeployment>, ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "Console settings in a browser";
}
