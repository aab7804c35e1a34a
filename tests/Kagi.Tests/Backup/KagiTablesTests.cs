using System.Text.RegularExpressions;
using Kagi.Kagictl.Storage;
using Kagi.Tests.EndToEnd;
using Xunit;

namespace Kagi.Tests.Backup;

/// <summary>
/// kagictl backs up every table whose name starts with <see cref="KagiTables.Prefix"/>, found in the account when
/// it runs. A table named in code outside that prefix would be left out of every backup: this fails first.
/// </summary>
public sealed partial class KagiTablesTests
{
    private static readonly string[] SourceFolders = ["Silo", "Grains", "Frontend", "Grains.Interfaces", "Infrastructure", "Domain", "Tools"];

    [Fact]
    public void Every_table_name_in_the_code_starts_with_the_prefix_kagictl_backs_up()
    {
        var names = TableNamesInSource();

        Assert.Superset(new SortedSet<string>(StringComparer.Ordinal) { "KagiAudit", "KagiAuditCheckpoints", "KagiGrainState", "KagiInventory", "KagiOwnLogins", "KagiReminders" }, names);
        Assert.All(names, name => Assert.StartsWith(KagiTables.Prefix, name, StringComparison.Ordinal));
    }

    // Constants whose name says table (const string AuditTable = "…") and TableName assignments with a literal.
    private static SortedSet<string> TableNamesInSource()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in SourceFolders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, folder), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                foreach (Match match in TableName().Matches(File.ReadAllText(file)))
                {
                    names.Add(match.Groups["name"].Value);
                }
            }
        }

        return names;
    }

    [GeneratedRegex(@"(?:const\s+string\s+\w*Table\w*\s*=|TableName\s*=|GetTableClient\()\s*""(?<name>[^""]+)""")]
    private static partial Regex TableName();
}
