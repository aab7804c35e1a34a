using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>The runtime settings the processes are built with, as `dotnet Kagi.X.dll` reads them at start.</summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("Silo")]
    [InlineData("Frontend")]
    public void Idle_thread_pool_workers_sleep_instead_of_spinning(string project)
    {
        var dll = RepositoryLayout.BuiltAssembly(project);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // Issue 15's P1: spinning took more of the two cores than the work did (docs/ARCHITECTURE.md, Processes).
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
