using System.Text;

namespace Kagi.Siem;

/// <summary>
/// The parts of an HTTP SIEM URL that may carry credentials — user info (sent as Basic
/// authentication), query and fragment — and the form that is safe to show and record: those parts
/// replaced by <see cref="Redaction"/>. Scheme, host, port and path stay readable.
/// </summary>
public static class SiemUrl
{
    public const string Redaction = "***";

    public static bool HasSecrets(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.UserInfo.Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0);

    /// <summary>The URL as it may be shown: unchanged when it holds no secret part, else redacted.</summary>
    public static string? Shown(string? url) => url is null || !HasSecrets(url) ? url : Redacted(url);

    /// <summary>Scheme, host, port and path, with user info, query and fragment each replaced by <see cref="Redaction"/>.</summary>
    public static string Redacted(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return "(invalid url)";
        }

        var shown = new StringBuilder(parsed.Scheme).Append(Uri.SchemeDelimiter);
        if (parsed.UserInfo.Length > 0)
        {
            shown.Append(Redaction).Append('@');
        }

        shown.Append(parsed.Authority).Append(parsed.AbsolutePath);
        if (parsed.Query.Length > 0)
        {
            shown.Append('?').Append(Redaction);
        }

        if (parsed.Fragment.Length > 0)
        {
            shown.Append('#').Append(Redaction);
        }

        return shown.ToString();
    }
}
