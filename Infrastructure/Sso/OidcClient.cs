using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Kagi.Egress;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Kagi.Sso;

/// <summary>
/// Talks to a tenant's OpenID Connect provider through the tenant's egress gate: the discovery document and its JWKS
/// (cached and refreshed per tenant and issuer by <see cref="ConfigurationManager{T}"/>, so a provider an admin just
/// added is used at once, with no restart), and the token endpoint (client_secret_basic, PKCE verifier).
/// </summary>
public sealed class OidcClient(EgressGates egress)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // One client per tenant: pooled connections are never shared across tenants, whose egress allowances differ.
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Issuer), ConfigurationManager<OpenIdConnectConfiguration>> _configurations = new();

    /// <summary>The provider's discovery document; refused when it names another issuer than the one configured.</summary>
    public async Task<OpenIdConnectConfiguration> DiscoverAsync(string tenantId, string issuer, CancellationToken cancellationToken)
    {
        var manager = _configurations.GetOrAdd((tenantId, issuer), key => new ConfigurationManager<OpenIdConnectConfiguration>(
            key.Issuer.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(HttpFor(key.Tenant)) { RequireHttps = key.Issuer.StartsWith("https:", StringComparison.Ordinal) }));
        var configuration = await manager.GetConfigurationAsync(cancellationToken);
        if (configuration.Issuer != issuer)
        {
            throw new OidcProviderException("the discovery document names another issuer");
        }

        return configuration;
    }

    /// <summary>Asks for fresh keys at the next discovery (a token signed by a key Kagi has not seen yet).</summary>
    public void RefreshKeys(string tenantId, string issuer)
    {
        if (_configurations.TryGetValue((tenantId, issuer), out var manager))
        {
            manager.RequestRefresh();
        }
    }

    /// <summary>Redeems the authorization code; answers the id_token.</summary>
    public async Task<string> RedeemAsync(string tenantId, OpenIdConnectConfiguration configuration, OidcRedemption redemption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(redemption);
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = redemption.Code,
                ["redirect_uri"] = redemption.RedirectUri,
                ["code_verifier"] = redemption.Verifier,
            }),
        };

        // RFC 6749 2.3.1: id and secret are form-encoded before they are joined for Basic authentication.
        var basic = Uri.EscapeDataString(redemption.ClientId) + ":" + Uri.EscapeDataString(redemption.ClientSecret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(basic)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var response = await HttpFor(tenantId).SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new OidcProviderException($"the token endpoint answered HTTP {(int)response.StatusCode}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
        return json.RootElement.TryGetProperty("id_token", out var idToken) && idToken.ValueKind == JsonValueKind.String
            ? idToken.GetString()!
            : throw new OidcProviderException("the token endpoint answered no id_token");
    }

    private HttpClient HttpFor(string tenantId) =>
        _clients.GetOrAdd(tenantId, tenant => new HttpClient(egress.For(tenant).HttpHandler()) { Timeout = Timeout, MaxResponseContentBufferSize = 1 << 20 });
}

/// <summary>What the token request carries. Holds the client secret: never logged.</summary>
public sealed record OidcRedemption(string ClientId, string ClientSecret, string Code, string RedirectUri, string Verifier)
{
    public override string ToString() => $"OidcRedemption {{ ClientId = {ClientId} }}";
}

/// <summary>The provider could not be used (unreachable, refused the code, answered nonsense); the message names no secret.</summary>
public sealed class OidcProviderException : Exception
{
    public OidcProviderException()
    {
    }

    public OidcProviderException(string message) : base(message)
    {
    }

    public OidcProviderException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
