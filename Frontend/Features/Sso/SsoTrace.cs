using System.Collections.Immutable;

namespace Kagi.Frontend.Features.Sso;

/// <summary>What an SSO sign-in's audit record says: provider, subject, why, the risk and the client. Never a token.</summary>
public sealed class SsoTrace
{
    public bool ForConsole { get; set; }

    /// <summary>The provider, when the request learns it only from its flow (a SAML response names none Kagi trusts).</summary>
    public string? ProviderId { get; set; }

    public string? Username { get; set; }

    public string? Subject { get; set; }

    public string? Reason { get; set; }

    public string? UserAgent { get; set; }

    public int? RiskScore { get; set; }

    public ImmutableArray<string> RiskSignals { get; set; } = [];

    public string Describe(string providerId)
    {
        var parts = new List<string> { "idp=" + providerId };
        if (Subject is not null)
        {
            // The subject is the provider's text: keep it from breaking the key=value layout.
            parts.Add("sub=" + Clean(Subject));
        }

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
            parts.Add("ua=" + Clean(UserAgent));
        }

        return string.Join("; ", parts);
    }

    private static string Clean(string text) => text.Replace(';', ',').Replace('=', ':');
}
