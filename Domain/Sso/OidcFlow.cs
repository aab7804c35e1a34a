using System.Security.Cryptography;
using System.Text;
using Kagi.Sso;

namespace Kagi.Domain.Sso;

/// <summary>
/// One authorization-code flow with PKCE (RFC 7636, S256), <c>state</c> and <c>nonce</c>. The state is the flow's
/// key; the nonce and verifier never leave Kagi except inside the authorization URL (nonce, challenge) and the token
/// request (verifier). A callback completes it only within <see cref="Lifetime"/>, once, from the browser that
/// started it (the hash of its one-time cookie), and for the provider it started with.
/// </summary>
public sealed class OidcFlow
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private OidcFlow(OidcStart start, string nonce, string verifier, DateTimeOffset startedAt)
    {
        Start = start;
        Nonce = nonce;
        Verifier = verifier;
        StartedAt = startedAt;
    }

    public OidcStart Start { get; }

    public string Nonce { get; }

    public string Verifier { get; }

    public DateTimeOffset StartedAt { get; }

    public bool Completed { get; private set; }

    /// <summary>A flow with a fresh nonce and verifier (256 bits each) from <paramref name="random"/>.</summary>
    public static OidcFlow Begin(OidcStart start, Randomness.IRandomSource random, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(random);
        return new OidcFlow(start, Base64Url(RandomBytes(random)), Base64Url(RandomBytes(random)), now);
    }

    /// <summary>Why <paramref name="callback"/> may not complete this flow, or null; a flow is answered once either way.</summary>
    public string? Complete(OidcCallback callback, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var reason = this switch
        {
            { Completed: true } => SsoReasons.UnknownFlow,
            _ when now - StartedAt > Lifetime || now < StartedAt => SsoReasons.Expired,
            _ when !FixedTimeEquals(callback.BindingHash, Start.BindingHash) => SsoReasons.OtherBrowser,
            _ when callback.ProviderId != Start.ProviderId => SsoReasons.ProviderUnknown,
            _ => null,
        };
        Completed = true;
        return reason;
    }

    /// <summary>The PKCE S256 challenge of <paramref name="verifier"/>.</summary>
    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>The URL the browser is sent to: the provider's authorization endpoint with the flow's parameters.</summary>
    public string AuthorizationUrl(string authorizationEndpoint, string clientId, IEnumerable<string> scopes, string state)
    {
        var parameters = new (string Name, string Value)[]
        {
            ("response_type", "code"),
            ("client_id", clientId),
            ("redirect_uri", Start.RedirectUri),
            ("scope", string.Join(' ', scopes)),
            ("state", state),
            ("nonce", Nonce),
            ("code_challenge", Challenge(Verifier)),
            ("code_challenge_method", "S256"),
        };
        var query = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
        return authorizationEndpoint + (authorizationEndpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    /// <summary>SHA-256 of a browser binding value, hex, as flows keep it.</summary>
    public static string BindingHash(string binding) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(binding)));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static byte[] RandomBytes(Randomness.IRandomSource random)
    {
        var bytes = new byte[32];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)random.Below(256);
        }

        return bytes;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
