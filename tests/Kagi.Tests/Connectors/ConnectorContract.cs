using System.Diagnostics;
using Kagi.Connectors;
using Xunit;
using Xunit.Abstractions;

namespace Kagi.Tests.Connectors;

/// <summary>Checks every connector must pass, run against each connector's own real server.</summary>
public static class ConnectorContract
{
    /// <summary>The right password verifies and a wrong one is refused (false, not an exception).</summary>
    public static async Task VerifyAcceptsTheRightPasswordAndRefusesAWrongOneAsync(
        ITargetConnector connector, TargetEndpoint endpoint, string username, string password, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(output);
        var stopwatch = Stopwatch.StartNew();
        var right = await connector.VerifyLoginAsync(endpoint, username, password, CancellationToken.None);
        output.WriteLine($"VerifyLoginAsync (accepted) took {stopwatch.ElapsedMilliseconds} ms");
        stopwatch.Restart();
        var wrong = await connector.VerifyLoginAsync(endpoint, username, password + "x", CancellationToken.None);
        output.WriteLine($"VerifyLoginAsync (refused) took {stopwatch.ElapsedMilliseconds} ms");

        Assert.True(right);
        Assert.False(wrong);
    }
}
