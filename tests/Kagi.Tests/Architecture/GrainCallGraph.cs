using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;

namespace Kagi.Tests.Architecture;

/// <summary>
/// Which grain calls which, read from the source of the Grains project: a grain class (one that
/// implements an <c>I…Grain</c> interface, over all its partial files) calls every grain interface
/// it names in <c>GetGrain&lt;I…Grain&gt;</c>, and every one that a helper it uses (a non-grain
/// class in the project, such as <c>TenantVault</c>) names.
/// </summary>
public static partial class GrainCallGraph
{
    public static IReadOnlySet<(string From, string To)> Read()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "Grains"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f))
            .ToList();

        var interfacesOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var callsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var constructorsOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in files)
        {
            if (ClassDeclaration().Match(text) is not { Success: true } declaration)
            {
                continue;
            }

            var name = declaration.Groups["name"].Value;
            Add(interfacesOf, name, GrainInterface().Matches(BaseList(text, declaration.Index + declaration.Length)).Select(m => m.Value));
            Add(callsOf, name, GetGrainCall().Matches(text).Select(m => m.Groups["target"].Value));
            constructorsOf[name] = constructorsOf.GetValueOrDefault(name, "") + PrimaryConstructor(text, declaration.Index + declaration.Length);
        }

        var grains = interfacesOf.Where(pair => pair.Value.Count > 0).Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        var helpers = callsOf.Keys.Where(name => !grains.Contains(name) && callsOf[name].Count > 0).ToList();
        var edges = new HashSet<(string, string)>();
        foreach (var grain in grains)
        {
            var targets = new HashSet<string>(callsOf.GetValueOrDefault(grain) ?? [], StringComparer.Ordinal);
            // A helper counts when the grain is handed one (a constructor parameter), not when it only uses its static members.
            foreach (var helper in helpers.Where(helper => Regex.IsMatch(constructorsOf.GetValueOrDefault(grain, ""), $@"\b{helper}\b")))
            {
                targets.UnionWith(callsOf[helper]);
            }

            foreach (var from in interfacesOf[grain])
            {
                foreach (var to in targets)
                {
                    edges.Add((from, to));
                }
            }
        }

        return edges;
    }

    public const string DrawnStart = "<!-- grain-calls:start -->";
    public const string DrawnEnd = "<!-- grain-calls:end -->";

    /// <summary>The calls a document lists between the markers, one <c>- `IFrom` → `ITo`</c> a line.</summary>
    public static HashSet<(string From, string To)> Drawn(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var start = document.IndexOf(DrawnStart, StringComparison.Ordinal);
        var end = document.IndexOf(DrawnEnd, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return [];
        }

        return DrawnEdge().Matches(document[start..end]).Select(m => (m.Groups["from"].Value, m.Groups["to"].Value)).ToHashSet();
    }

    /// <summary>Every cycle's members (strongly connected components of more than one node, or a node that calls its own kind).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IReadOnlySet<(string From, string To)> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var cycles = new List<IReadOnlyList<string>>();
        var reach = nodes.ToDictionary(n => n, n => Reachable(n, edges), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(n => !seen.Contains(n)))
        {
            var component = nodes.Where(other => reach[node].Contains(other) && reach[other].Contains(node)).ToList();
            seen.UnionWith(component);
            if (component.Count > 1 || edges.Contains((node, node)))
            {
                cycles.Add(component.Count > 0 ? component : [node]);
            }
        }

        return cycles;
    }

    private static HashSet<string> Reachable(string start, IReadOnlySet<(string From, string To)> edges)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out var node))
        {
            foreach (var (_, to) in edges.Where(e => e.From == node))
            {
                if (found.Add(to))
                {
                    pending.Push(to);
                }
            }
        }

        return found;
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string key, IEnumerable<string> values)
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.UnionWith(values);
    }

    /// <summary>The primary constructor's parameter list, or nothing.</summary>
    private static string PrimaryConstructor(string text, int afterName)
    {
        var i = afterName;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i >= text.Length || text[i] != '(')
        {
            return "";
        }

        var start = i;
        for (var depth = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[start..(i + 1)];
            }
        }

        return "";
    }

    /// <summary>The text between the class name (after a primary constructor, parentheses balanced) and its body.</summary>
    private static string BaseList(string text, int afterName)
    {
        var i = afterName;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '(')
        {
            for (var depth = 0; i < text.Length; i++)
            {
                depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
                if (depth == 0)
                {
                    i++;
                    break;
                }
            }
        }

        var body = text.IndexOf('{', i);
        return body < 0 ? "" : text[i..body];
    }

    [GeneratedRegex(@"\bclass\s+(?<name>\w+)")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"^- `(?<from>I\w+Grain)` → `(?<to>I\w+Grain)`", RegexOptions.Multiline)]
    private static partial Regex DrawnEdge();

    [GeneratedRegex(@"\bI\w+Grain\b")]
    private static partial Regex GrainInterface();

    [GeneratedRegex(@"GetGrain<(?:[\w.]+\.)?(?<target>I\w+Grain)>")]
    private static partial Regex GetGrainCall();
}
