using System.Globalization;

namespace Kagi.Tests.EndToEnd;

/// <summary>Reads samples out of a Prometheus text exposition (what a scraper would get).</summary>
public static class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="metric"/> whose labels include each of <paramref name="labels"/> (name="value").</summary>
    public static double Sum(string exposition, string metric, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        ArgumentNullException.ThrowIfNull(labels);
        var sum = 0d;
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd <= 0 || line[..nameEnd] != metric)
            {
                continue;
            }

            // The last brace closes the labels: a label value may itself hold braces (an ASP.NET route
            // template such as /api/t/{tenant}/auth/login), while the sample value and timestamp never do.
            var labelEnd = line[nameEnd] == '{' ? line.LastIndexOf('}') : nameEnd;
            var labelText = labelEnd > nameEnd ? line[(nameEnd + 1)..labelEnd] : "";
            if (labels.All(label => labelText.Split(',').Contains(label)))
            {
                var fields = line[(labelEnd + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                sum += double.Parse(fields[0], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }
}
