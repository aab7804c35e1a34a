using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kagi.Tests.EndToEnd;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider (npm oidc-provider, scripts/oidc-provider.mjs) on 127.0.0.1, one per test run, on
/// <c>KAGI_TEST_OIDC_PORT</c> (default 4010). Tests register their own clients (RFC 7591) and accounts, and sign in
/// headless through its development interactions (any password), as a browser would but with an HTTP client.
/// </summary>
public sealed class OidcTestProvider
{
    private static readonly Lazy<Task<OidcTestProvider>> Instance = new(StartAsync);
    private readonly string _accountsFile;
    private readonly Lock _accountsGate = new();

    private readonly RSAParameters _signingKey;

    private OidcTestProvider(int port, string accountsFile, RSAParameters signingKey)
    {
        Issuer = $"http://127.0.0.1:{port}";
        _accountsFile = accountsFile;
        _signingKey = signingKey;
    }

    /// <summary>The id of the provider's signing key (the test gives the provider its key, so it can sign as the provider).</summary>
    public const string SigningKeyId = "kagi-test-key";

    public string Issuer { get; }

    public static Task<OidcTestProvider> SharedAsync() => Instance.Value;

    private static readonly string[] CodeGrant = ["authorization_code"];
    private static readonly string[] CodeResponse = ["code"];

    /// <summary>Adds or replaces an account with its <c>preferred_username</c> and <c>groups</c> claims.</summary>
    public void SetAccount(string accountId, string preferredUsername, params string[] groups)
    {
        var claims = new { preferred_username = preferredUsername, groups };
        lock (_accountsGate)
        {
            var accounts = JsonNode.Parse(File.ReadAllText(_accountsFile))!.AsObject();
            accounts[accountId] = JsonSerializer.SerializeToNode(claims);
            var partial = _accountsFile + ".part";
            File.WriteAllText(partial, accounts.ToJsonString());
            File.Move(partial, _accountsFile, overwrite: true);
        }
    }

    /// <summary>Registers a confidential client for <paramref name="redirectUri"/>; answers its id and secret. With
    /// <paramref name="backChannelLogoutUri"/>, the provider posts a logout token (with <c>sid</c>) there when a session ends.</summary>
    public async Task<(string ClientId, string ClientSecret)> RegisterClientAsync(string redirectUri, string? backChannelLogoutUri = null)
    {
        using var http = new HttpClient();
        var metadata = new JsonObject
        {
            ["redirect_uris"] = new JsonArray(redirectUri),
            ["grant_types"] = new JsonArray([.. CodeGrant.Select(g => JsonValue.Create(g))]),
            ["response_types"] = new JsonArray([.. CodeResponse.Select(r => JsonValue.Create(r))]),
            ["token_endpoint_auth_method"] = "client_secret_basic",
        };
        if (backChannelLogoutUri is not null)
        {
            metadata["backchannel_logout_uri"] = backChannelLogoutUri;
            metadata["backchannel_logout_session_required"] = true;
        }

        using var response = await http.PostAsJsonAsync(new Uri(Issuer + "/reg"), metadata);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("client_id").GetString()!, json.GetProperty("client_secret").GetString()!);
    }

    /// <summary>
    /// Walks an authorization URL as <paramref name="accountId"/>: login and consent through the development
    /// interactions; answers the URL the provider sends the browser back to (the redirect URI with code and state).
    /// </summary>
    public async Task<Uri> SignInAsync(string authorizationUrl, string accountId, CookieContainer? browser = null)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = browser ?? new CookieContainer() };
        using var http = new HttpClient(handler);
        var next = new Uri(authorizationUrl);
        for (var step = 0; step < 12; step++)
        {
            if (!next.GetLeftPart(UriPartial.Authority).Equals(Issuer, StringComparison.Ordinal))
            {
                return next;
            }

            using var response = next.AbsolutePath.StartsWith("/interaction/", StringComparison.Ordinal)
                ? await InteractAsync(http, next, accountId)
                : await http.GetAsync(next);
            if (response.Headers.Location is not { } location)
            {
                throw new InvalidOperationException($"The provider answered {(int)response.StatusCode} without a redirect at {next.AbsolutePath}: {await response.Content.ReadAsStringAsync()}");
            }

            next = location.IsAbsoluteUri ? location : new Uri(next, location);
        }

        throw new InvalidOperationException("The provider never sent the browser back.");
    }

    /// <summary>
    /// Signs the browser whose cookies are <paramref name="browser"/> out at the provider, as its logout page does (the
    /// end-session endpoint, then "Yes, sign me out"); the provider posts its back-channel logouts before it answers.
    /// </summary>
    public async Task EndSessionAsync(CookieContainer browser)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = browser };
        using var http = new HttpClient(handler);
        var page = await http.GetStringAsync(new Uri(Issuer + "/session/end"));
        var xsrf = System.Text.RegularExpressions.Regex.Match(page, "name=\"xsrf\" value=\"([^\"]+)\"");
        if (!xsrf.Success)
        {
            throw new InvalidOperationException("The provider's logout page has no form: " + page);
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["xsrf"] = xsrf.Groups[1].Value, ["logout"] = "yes" });
        using var confirmed = await http.PostAsync(new Uri(Issuer + "/session/end/confirm"), form);
        if ((int)confirmed.StatusCode is not (302 or 303 or 200))
        {
            throw new InvalidOperationException($"The provider answered {(int)confirmed.StatusCode} to the logout: {await confirmed.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A JWT with <paramref name="claims"/> signed with the provider's own key (RS256), as the provider would sign it.</summary>
    public string Sign(JsonObject claims, string type = "logout+jwt")
    {
        using var key = RSA.Create(_signingKey);
        return SignWith(key, SigningKeyId, claims, type);
    }

    /// <summary>A JWT signed with <paramref name="key"/> under <paramref name="keyId"/> (for a signature the provider never made).</summary>
    public static string SignWith(RSA key, string keyId, JsonObject claims, string type = "logout+jwt")
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(claims);
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = type };
        var input = Base64Url(System.Text.Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(System.Text.Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.SignData(System.Text.Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonObject PrivateJwk(RSAParameters p) => new()
    {
        ["kty"] = "RSA", ["kid"] = SigningKeyId, ["use"] = "sig", ["alg"] = "RS256",
        ["n"] = Base64Url(p.Modulus!), ["e"] = Base64Url(p.Exponent!), ["d"] = Base64Url(p.D!),
        ["p"] = Base64Url(p.P!), ["q"] = Base64Url(p.Q!), ["dp"] = Base64Url(p.DP!), ["dq"] = Base64Url(p.DQ!), ["qi"] = Base64Url(p.InverseQ!),
    };

    private static async Task<HttpResponseMessage> InteractAsync(HttpClient http, Uri interaction, string accountId)
    {
        // The interaction page names its prompt; the development interactions take the login, then the consent.
        var page = await http.GetStringAsync(interaction);
        var fields = page.Contains("name=\"login\"", StringComparison.Ordinal)
            ? new Dictionary<string, string> { ["prompt"] = "login", ["login"] = accountId, ["password"] = "any" }
            : new Dictionary<string, string> { ["prompt"] = "consent" };
        using var form = new FormUrlEncodedContent(fields);
        return await http.PostAsync(interaction, form);
    }

    /// <summary>Redeems a code as the client itself would (for tests of the id_token validator): answers the id_token.</summary>
    public async Task<string> RedeemAsync(string clientId, string clientSecret, string code, string redirectUri, string verifier)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Issuer + "/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id_token").GetString()!;
    }

    /// <summary>The provider's signing keys as its JWKS publishes them.</summary>
    public async Task<string> JwksAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(Issuer + "/jwks"));
    }

    private static async Task<OidcTestProvider> StartAsync()
    {
        var port = int.Parse(Environment.GetEnvironmentVariable("KAGI_TEST_OIDC_PORT") ?? "4010", CultureInfo.InvariantCulture);
        var folder = Directory.CreateTempSubdirectory("kagi-oidc-").FullName;
        var accounts = Path.Combine(folder, "accounts.json");
        var config = Path.Combine(folder, "config.json");
        await File.WriteAllTextAsync(accounts, "{}");
        // The provider signs with a key the tests hold too, so they can make tokens it would never send (a logout token
        // for another audience, with a nonce, without the event) and see Kagi refuse them for that reason alone.
        RSAParameters signingKey;
        using (var key = RSA.Create(2048))
        {
            signingKey = key.ExportParameters(includePrivateParameters: true);
        }

        var configuration = new JsonObject
        {
            ["clients"] = new JsonArray(),
            ["accounts"] = accounts,
            ["jwks"] = new JsonObject { ["keys"] = new JsonArray(PrivateJwk(signingKey)) },
        };
        await File.WriteAllTextAsync(config, configuration.ToJsonString());
        var start = new ProcessStartInfo("node", [Path.Combine(RepositoryLayout.Root, "scripts", "oidc-provider.mjs"), port.ToString(CultureInfo.InvariantCulture), config])
        {
            WorkingDirectory = RepositoryLayout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the OIDC provider.");
        // Ended with the test process: the provider is shared by every test of the run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Contains("listening", StringComparison.Ordinal))
            {
                return new OidcTestProvider(port, accounts, signingKey);
            }
        }

        throw new InvalidOperationException($"The OIDC provider did not start on port {port}.");
    }
}
