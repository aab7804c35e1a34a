using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Kagi.Benchmarks.Http;

/// <summary>The silo's operator listener's Prometheus scrape (<c>/operator/metrics</c>), read as series → value.</summary>
internal sealed partial class SiloMetrics(Uri listener, string operatorToken)
{
    public async Task<IReadOnlyDictionary<string, double>> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = listener, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/operator/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        using var answer = await http.SendAsync(request);
        answer.EnsureSuccessStatusCode();
        return Parse(await answer.Content.ReadAsStringAsync());
    }

    /// <summary>Each sample line (<c>name{labels} value [timestamp]</c>); comments and blank lines are skipped.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var end = line.LastIndexOf('}');
            var split = line.IndexOf(' ', end < 0 ? 0 : end);
            if (split > 0 && double.TryParse(line[(split + 1)..].Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                series[line[..split]] = value;
            }
        }

        return series;
    }

    /// <summary>The value of label <paramref name="label"/> in a series name, or null.</summary>
    public static string? Label(string series, string label)
    {
        var match = LabelPattern().Match(series);
        while (match.Success)
        {
            if (match.Groups[1].Value == label)
            {
                return match.Groups[2].Value;
            }

            match = match.NextMatch();
        }

        return null;
    }

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();
}

/// <summary>Calls a grain type received a second between two scrapes, and its activations at the second.</summary>
internal sealed record GrainCallRate(string GrainType, double PerSecond, long? Activations)
{
    public double? PerActivation => Activations is > 0 ? PerSecond / Activations : null;

    /// <summary>Busiest first. Calls: <c>kagi_grain_calls_total{grain_type}</c>; activations: <c>orleans_grains{type}</c>.</summary>
    public static IReadOnlyList<GrainCallRate> Between(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, TimeSpan elapsed)
    {
        var activations = after.Where(s => s.Key.StartsWith("orleans_grains{", StringComparison.Ordinal))
            .GroupBy(s => SiloMetrics.Label(s.Key, "type") ?? "?", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Sum(s => s.Value), StringComparer.Ordinal);
        return [.. after.Where(s => s.Key.StartsWith("kagi_grain_calls_total{", StringComparison.Ordinal))
            .GroupBy(s => SiloMetrics.Label(s.Key, "grain_type") ?? "?", StringComparer.Ordinal)
            .Select(g => new GrainCallRate(g.Key,
                g.Sum(s => s.Value - before.GetValueOrDefault(s.Key)) / Math.Max(elapsed.TotalSeconds, 0.001),
                ActivationsOf(activations, g.Key)))
            .OrderByDescending(r => r.PerSecond)];
    }

    /// <summary>Orleans names its grain types in <c>orleans_grains</c> by the grain class; the call filter by the grain type
    /// id, which is the class name in lower case without "Grain", so the two are matched that way.</summary>
    private static long? ActivationsOf(Dictionary<string, long> activations, string grainType)
    {
        foreach (var (type, count) in activations)
        {
            var name = type[(type.LastIndexOf('.') + 1)..];
            if (name.EndsWith("Grain", StringComparison.Ordinal))
            {
                name = name[..^"Grain".Length];
            }

            if (string.Equals(name, grainType, StringComparison.OrdinalIgnoreCase))
            {
                return count;
            }
        }

        return null;
    }
}
