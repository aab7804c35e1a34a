using Kagi.Sso;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// One SP-initiated SAML sign-in: the AuthnRequest id its response must answer (<c>InResponseTo</c>), the provider
/// and the browser that started it. A response completes it only within <see cref="OidcFlow.Lifetime"/>, once, and
/// from that browser (the hash of its one-time cookie), so a response carried to another browser signs nobody in.
/// </summary>
public sealed class SamlFlow(SamlStart start, string requestId, DateTimeOffset startedAt)
{
    public SamlStart Start { get; } = start ?? throw new ArgumentNullException(nameof(start));

    public string RequestId { get; } = requestId ?? throw new ArgumentNullException(nameof(requestId));

    public DateTimeOffset StartedAt { get; } = startedAt;

    public bool Completed { get; private set; }

    /// <summary>Why a response from the browser with <paramref name="bindingHash"/> may not complete this flow, or null;
    /// a flow is answered once either way.</summary>
    public string? Complete(string bindingHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(bindingHash);
        var reason = this switch
        {
            { Completed: true } => SsoReasons.UnknownFlow,
            _ when now - StartedAt > OidcFlow.Lifetime || now < StartedAt => SsoReasons.Expired,
            _ when !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(bindingHash), System.Text.Encoding.UTF8.GetBytes(Start.BindingHash)) => SsoReasons.OtherBrowser,
            _ => null,
        };
        Completed = true;
        return reason;
    }
}
