using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Start-up refuses missing or malformed settings with one line per setting, naming it.</summary>
public sealed class ConfigurationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_without_a_master_key_stops_at_once_naming_the_setting()
    {
        await using var silo = BuiltProcess.Start("Silo", new Dictionary<string, string> { ["KAGI_MASTER_KEY"] = "" });

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout));
        var line = Assert.Single(silo.RecentOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kagi: configuration error: KAGI_MASTER_KEY is missing", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_master_key_is_named_without_echoing_its_value()
    {
        await using var silo = BuiltProcess.Start("Silo", new Dictionary<string, string> { ["KAGI_MASTER_KEY"] = "c2hvcnQta2V5" });

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout));
        Assert.Contains("KAGI_MASTER_KEY is malformed", silo.RecentOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQta2V5", silo.RecentOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frontend_names_every_bad_setting_on_its_own_line()
    {
        await using var frontend = BuiltProcess.Start("Frontend", new Dictionary<string, string>
        {
            ["KAGI_OPERATOR_TOKEN"] = "",
            ["KAGI_CLUSTERING"] = "carrier-pigeon",
            ["KAGI_GATEWAY_PORT"] = "70000",
        });

        Assert.Equal(2, await frontend.WaitForExitAsync(ExitTimeout));
        var lines = frontend.RecentOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("kagi: configuration error: KAGI_CLUSTERING is 'carrier-pigeon'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("kagi: configuration error: KAGI_GATEWAY_PORT is '70000'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("kagi: configuration error: KAGI_OPERATOR_TOKEN is missing", StringComparison.Ordinal));
    }
}
