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

/// <summary>Calls a grain type received a second between two scrapes, the seconds its grains spent in calls a second
/// (busy), and its activations at the second scrape.</summary>
internal sealed record GrainCallRate(string GrainType, double PerSecond, double BusyPerSecond, long? Activations)
{
    public double? PerActivation => Activations is > 0 ? PerSecond / Activations : null;

    /// <summary>Busy seconds a second of one activation: near 1 or more for a grain that does not interleave means its calls queue.</summary>
    public double? BusyPerActivation => Activations is > 0 ? BusyPerSecond / Activations : null;

    /// <summary>Busiest first. Calls: <c>kagi_grain_calls_total{grain_type}</c>; busy: <c>kagi_grain_busy_seconds_total{grain_type}</c>;
    /// activations: Orleans' <c>orleans_grains{grain_type}</c> (the same grain type ids as the call filter's).</summary>
    public static IReadOnlyList<GrainCallRate> Between(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        Dictionary<string, double> Sum(string metric, IReadOnlyDictionary<string, double> scrape) => scrape
            .Where(s => s.Key.StartsWith(metric + "{", StringComparison.Ordinal))
            .GroupBy(s => SiloMetrics.Label(s.Key, "grain_type") ?? "?", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);
        double Rate(string metric, string grainType) =>
            (Sum(metric, after).GetValueOrDefault(grainType) - Sum(metric, before).GetValueOrDefault(grainType)) / seconds;
        var activations = Sum("orleans_grains", after);
        return [.. Sum("kagi_grain_calls_total", after).Keys
            .Select(type => new GrainCallRate(type, Rate("kagi_grain_calls_total", type), Rate("kagi_grain_busy_seconds_total", type),
                activations.TryGetValue(type, out var count) ? (long)count : null))
            .OrderByDescending(r => r.PerSecond)];
    }
}
