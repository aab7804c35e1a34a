using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Kagi.Domain.Sso.Saml;
using Kagi.Tests.EndToEnd;
using Xunit;

namespace Kagi.Tests.Sso;

/// <summary>
/// A real SAML IdP: node <c>saml-idp</c> 1.2.1 (from the repository's node_modules), started once for the
/// tests that use it with a key and certificate made here, on 127.0.0.1 and <c>KAGI_TEST_SAML_IDP_PORT</c>
/// (default 7000). <see cref="SignInAsync"/> drives its SSO form over HTTP as a browser would: the
/// redirect with our AuthnRequest, then the sign-in form, and returns the signed SAMLResponse it posts.
/// saml-idp serves one audience, so a test of a real Kagi tenant starts its own (<see cref="StartAsync"/>)
/// for that tenant's entity id, on a free port.
/// </summary>
public sealed partial class SamlIdpFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string Issuer = "urn:kagi:test-idp";

    /// <summary>The SP the IdP is set up for (tenant <c>acme</c> behind a Kagi at 127.0.0.1:18080; nothing listens there).</summary>
    public static readonly SamlServiceProvider Sp = SamlServiceProvider.For(new Uri("http://127.0.0.1:18080"), "acme");

    private readonly StringBuilder _log = new();
    private string _folder = "";
    private Process? _process;

    public SamlIdpFixture()
        : this(Sp, Port())
    {
    }

    private SamlIdpFixture(SamlServiceProvider serviceProvider, int port)
    {
        ServiceProvider = serviceProvider;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>The SP whose entity id this IdP puts in the Audience.</summary>
    public SamlServiceProvider ServiceProvider { get; }

    public Uri BaseAddress { get; }

    public Uri SsoUrl => new(BaseAddress, "/saml/sso");

    public X509Certificate2 Certificate { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("kagi-saml-idp.").FullName;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=saml-idp.kagi.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        await File.WriteAllTextAsync(Path.Combine(_folder, "cert.pem"), Certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());

        var root = RepositoryLayout.Root;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(root, "node_modules", ".bin", "saml-idp"), "--host", "127.0.0.1", "--port", BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--acsUrl", ServiceProvider.AcsUrl, "--audience", ServiceProvider.EntityId, "--issuer", Issuer,
                     "--cert", Path.Combine(_folder, "cert.pem"), "--key", Path.Combine(_folder, "key.pem"),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Log(e.Data);
        _process.ErrorDataReceived += (_, e) => Log(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "/metadata"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (_process.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"saml-idp did not start on {BaseAddress}:{Environment.NewLine}{LogText()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>An IdP for <paramref name="serviceProvider"/> on <paramref name="port"/>, started; the caller disposes it.</summary>
    public static async Task<SamlIdpFixture> StartAsync(SamlServiceProvider serviceProvider, int port)
    {
        var idp = new SamlIdpFixture(serviceProvider, port);
        try
        {
            await idp.InitializeAsync();
            return idp;
        }
        catch
        {
            await idp.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Signs <paramref name="userName"/> in at the IdP in answer to <paramref name="request"/>, with the
    /// given attribute values (the form's defaults otherwise), and returns the base64 SAMLResponse.
    /// </summary>
    public async Task<string> SignInAsync(SamlAuthnRequest request, string userName, IReadOnlyDictionary<string, string>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await AnswerAsync(new Uri(request.RedirectUrl()), userName, attributes)).SamlResponse;
    }

    /// <summary>
    /// Follows an SP's redirect (its SSO URL with SAMLRequest and RelayState), signs <paramref name="userName"/>
    /// in, and returns what the IdP's page would post to the ACS.
    /// </summary>
    public async Task<(string SamlResponse, string? RelayState)> AnswerAsync(Uri redirect, string userName, IReadOnlyDictionary<string, string>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(redirect);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var page = await browser.GetStringAsync(redirect);
        var form = SignInForm().Match(page);
        Assert.True(form.Success, $"no sign-in form in the IdP's page:{Environment.NewLine}{page}");

        var fields = Inputs(form.Value);
        fields["userName"] = userName;
        foreach (var (name, value) in attributes ?? new Dictionary<string, string>())
        {
            fields[name] = value;
        }

        using var answer = await browser.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(fields));
        var posted = await answer.Content.ReadAsStringAsync();
        var autoPost = Inputs(posted);
        Assert.True(autoPost.TryGetValue("SAMLResponse", out var response), $"the IdP answered {(int)answer.StatusCode} without a SAMLResponse:{Environment.NewLine}{posted}");
        return (response, autoPost.TryGetValue("RelayState", out var relayState) && relayState.Length > 0 ? relayState : null);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        Certificate?.Dispose();
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static int Port() =>
        int.TryParse(Environment.GetEnvironmentVariable("KAGI_TEST_SAML_IDP_PORT"), out var port) ? port : 7000;

    // The named inputs of an HTML fragment with their (HTML-decoded) values; saml-idp quotes with ' or ".
    private static Dictionary<string, string> Inputs(string html)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in Input().Matches(html))
        {
            var attributes = Attribute().Matches(input.Value).ToDictionary(a => a.Groups["name"].Value, a => WebUtility.HtmlDecode(a.Groups["value"].Value), StringComparer.OrdinalIgnoreCase);
            if (attributes.TryGetValue("name", out var name) && !fields.ContainsKey(name))
            {
                fields[name] = attributes.GetValueOrDefault("value", "");
            }
        }

        return fields;
    }


    private void Log(string? line)
    {
        lock (_log)
        {
            if (line is not null && _log.Length < 64 * 1024)
            {
                _log.AppendLine(line);
            }
        }
    }

    private string LogText()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    [GeneratedRegex("<form action=\"/signin\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex SignInForm();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Input();

    [GeneratedRegex("(?<name>[a-zA-Z_-]+)\\s*=\\s*(?:\"(?<value>[^\"]*)\"|'(?<value>[^']*)')", RegexOptions.Singleline)]
    private static partial Regex Attribute();
}
