using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Xunit;

namespace Kagi.Tests.Architecture;

/// <summary>
/// The deployment files document every setting the processes read: a new setting that an operator
/// could not find in <c>deploy/env/</c> (or the README's table) fails here.
/// </summary>
public sealed partial class DeploySettingsTests
{
    private static readonly string[] SourceFolders = ["Silo", "Frontend", "Grains.Interfaces"];

    [Fact]
    public void Every_setting_the_silo_and_frontend_read_is_in_a_deploy_environment_file_and_the_readme()
    {
        var settings = SettingsReadBySource();
        var environmentFiles = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "deploy", "env", "silo.env"))
            + File.ReadAllText(Path.Combine(RepositoryLayout.Root, "deploy", "env", "frontend.env"));
        var readme = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md"));

        Assert.Contains("ADVERTISED_ADDRESS", settings);
        Assert.Contains("CLUSTER_TLS_CA", settings);
        Assert.All(settings, name =>
        {
            Assert.Matches(new Regex($"^#?KAGI_{name}=", RegexOptions.Multiline), environmentFiles);
            Assert.Contains($"`KAGI_{name}`", readme, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_systemd_units_read_the_environment_files_deploy_documents()
    {
        var silo = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "deploy", "systemd", "kagi-silo.service"));
        var frontend = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "deploy", "systemd", "kagi-frontend.service"));

        Assert.Contains("EnvironmentFile=/etc/kagi/silo.env", silo, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/kagi/silo/Kagi.Silo.dll", silo, StringComparison.Ordinal);
        Assert.Contains("EnvironmentFile=/etc/kagi/frontend.env", frontend, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/kagi/frontend/Kagi.Frontend.dll", frontend, StringComparison.Ordinal);
    }

    // Names passed to a SettingsReader method (reader.Optional("X")) or to a helper that takes the
    // reader first (Address(reader, "X")).
    private static SortedSet<string> SettingsReadBySource()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in SourceFolders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, folder), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                foreach (Match match in SettingRead().Matches(File.ReadAllText(file)))
                {
                    names.Add(match.Groups["name"].Value);
                }
            }
        }

        return names;
    }

    [GeneratedRegex(@"(?:reader\.(?:Optional|Required|Port|OneOf)(?:<[^>]*>)?\(|\(reader, )""(?<name>[A-Z][A-Z0-9_]+)""")]
    private static partial Regex SettingRead();
}
