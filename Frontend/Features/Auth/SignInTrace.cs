namespace Kagi.Frontend.Features.Auth;

/// <summary>
/// What a sign-in's audit record says beyond success or failure: why, and with which client. Written
/// as <c>key=value</c> pairs separated by "; " in the record's detail; never a secret.
/// </summary>
public sealed class SignInTrace
{
    public string? Reason { get; set; }

    public string? UserAgent { get; set; }

    public int? RiskScore { get; set; }

    public System.Collections.Immutable.ImmutableArray<string> RiskSignals { get; set; } = [];

    public string? Describe()
    {
        var parts = new List<string>();
        if (Reason is not null)
        {
            parts.Add("reason=" + Reason);
        }

        if (RiskScore is { } score)
        {
            parts.Add($"risk={score}");
            parts.Add("signals=" + string.Join(",", RiskSignals.IsDefault ? [] : RiskSignals));
        }

        if (UserAgent is not null)
        {
            // The agent is the client's text: keep it from breaking the key=value layout.
            parts.Add("ua=" + UserAgent.Replace(';', ',').Replace('=', ':'));
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
