using System.Globalization;

namespace Kagi.Kagictl.Commands;

/// <summary>
/// Names of scheduled archives, <c>kagi-backup-{yyyyMMddTHHmmssZ}[-{tenant}].kagibak</c>, which sort by time,
/// and which to delete so that only the newest <c>keep</c> remain (only whole archives count: a
/// <c>.partial</c> file is never one of them).
/// </summary>
public static class Retention
{
    public const string Extension = ".kagibak";
    private const string Prefix = "kagi-backup-";

    public static string FileName(DateTimeOffset time, string? tenant) =>
        Prefix + time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + (tenant is null ? "" : "-" + tenant) + Extension;

    public static IReadOnlyList<string> ToDelete(IEnumerable<string> fileNames, string? tenant, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var suffix = (tenant is null ? "" : "-" + tenant) + Extension;
        var ours = fileNames
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal)
                && n.Length == Prefix.Length + 16 + suffix.Length)
            .Order(StringComparer.Ordinal)
            .ToList();
        return ours.Count <= keep ? [] : ours[..^keep];
    }
}
